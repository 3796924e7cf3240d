// The JSON API as the UI uses it: same-origin fetch with the session cookie, the CSRF token echoed on changes,
// and the server's error shape turned into an ApiError whose text follows the chosen language.
import { lang } from "./i18n";

export interface FieldError {
  field: string;
  message_vi: string;
  message_en: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public messageVi: string,
    public messageEn: string,
    public fields: FieldError[] = [],
  ) {
    super(messageVi);
  }
  text(): string {
    return lang.value === "en" ? this.messageEn : this.messageVi;
  }
  fieldText(field: string): string | undefined {
    const f = this.fields.find((x) => x.field === field);
    return f ? (lang.value === "en" ? f.message_en : f.message_vi) : undefined;
  }
}

// Anything a request threw (a refusal, a network failure, a bug) as an ApiError the forms can show.
export const asApiError = (e: unknown): ApiError => (e instanceof ApiError ? e : new ApiError(0, "error", String(e), String(e)));

let csrf: string | null = null;
export function setCsrf(token: string | null) {
  csrf = token;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (csrf && method !== "GET") headers["X-CSRF-Token"] = csrf;
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) {
    const e = data?.error ?? {};
    throw new ApiError(r.status, e.code ?? "error", e.message_vi ?? `Lỗi ${r.status}`, e.message_en ?? `Error ${r.status}`, e.fields ?? []);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
