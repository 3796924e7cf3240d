// What the console shows an official: which queues, from the session's role grants (the server still decides
// what each queue holds and refuses anything outside the official's scope).
import type { Session } from "./session";

const ADMIN_ROLES = ["system_admin", "agency_admin"];

// The account's kind as the server records it (citizen | organisation | official).
export const isOfficial = (s: Session | null) => s?.user.account_type === "official";
export const isAdmin = (s: Session | null) => !!s && s.roles.some((r) => ADMIN_ROLES.includes(r.role));
export const hasRole = (s: Session | null, role: string) => !!s && s.roles.some((r) => r.role === role);

export function queuesFor(s: Session | null): string[] {
  const q: string[] = [];
  const has = (role: string) => hasRole(s, role) || hasRole(s, "system_admin");
  if (has("one_stop_officer") || has("postal_staff")) q.push("to_receive");
  if (has("leader")) q.push("to_assign");
  if (has("specialist")) q.push("to_appraise");
  if (has("leader")) q.push("to_approve");
  if (has("one_stop_officer")) q.push("to_return");
  if (has("specialist") || has("leader")) q.push("mine", "consultations");
  if (has("one_stop_officer") || has("specialist") || has("leader")) q.push("due_soon", "overdue");
  return q;
}
