// Who is logged in, as the server says (GET /api/auth/me): never decided on the client. The CSRF token of
// the session is kept for state-changing requests (api.ts).
import { ref } from "vue";
import { ApiError, api, setCsrf } from "./api";

export interface Session {
  user: { id: number; full_name: string; username: string; email?: string | null; phone?: string | null; id_number?: string | null; account_type: string };
  roles: { role: string; agency_id: number | null }[];
  csrf_token: string;
  must_change_password: boolean;
}

export const session = ref<Session | null>(null);
let loaded: Promise<Session | null> | null = null;

function take(s: Session | null) {
  session.value = s;
  setCsrf(s?.csrf_token ?? null);
  return s;
}

export function loadSession(): Promise<Session | null> {
  loaded ??= api<Session>("GET", "/api/auth/me").then(take, (e) => {
    if (e instanceof ApiError && e.status === 401) return take(null);
    throw e;
  });
  return loaded;
}

export async function login(loginName: string, password: string) {
  loaded = Promise.resolve(take(await api<Session>("POST", "/api/auth/login", { login: loginName, password })));
  return session.value;
}

export async function logout() {
  await api("POST", "/api/auth/logout", {}).catch(() => {});
  loaded = Promise.resolve(take(null));
}
