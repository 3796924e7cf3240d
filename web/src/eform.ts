// E-forms (data/eforms: a JSON Schema subset) in the UI. The UI renders the form from the schema the server
// serves (GET /api/procedures/{code}/eform) and shows the server's own messages
// (POST /api/procedures/{code}/eform/check): the rules have one implementation, in the server.
import { api, type FieldError } from "./api";

export interface Schema {
  type: "object" | "string" | "integer" | "number" | "boolean" | "array";
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: (string | number)[];
  format?: "date" | "email" | "cccd" | "phone-vn";
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  maxItems?: number;
  minItems?: number;
}

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

// An empty form: objects with their properties, empty strings, no array items.
export function initialValue(s: Schema): Value {
  switch (s.type) {
    case "object": {
      const o: Record<string, Value> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) o[k] = initialValue(p);
      return o;
    }
    case "array": return [];
    case "boolean": return false;
    case "integer":
    case "number": return null;
    default: return "";
  }
}

// "a.b[0].c" for a property path; the server reports "eform_data.a.b[0].c".
export function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

export async function checkForm(code: string, data: Value, mode: "draft" | "submit", agencyId?: number): Promise<FieldError[]> {
  const q = agencyId ? `?agency_id=${agencyId}` : "";
  const r = await api<{ problems: FieldError[] }>("POST", `/api/procedures/${encodeURIComponent(code)}/eform/check${q}`, { data, mode });
  return r.problems;
}

// Problems by form path (without the "eform_data." prefix); the first message of each path.
export function byPath(problems: FieldError[]): Map<string, FieldError> {
  const m = new Map<string, FieldError>();
  for (const p of problems) {
    const path = p.field.startsWith("eform_data.") ? p.field.slice("eform_data.".length) : p.field === "eform_data" ? "" : p.field;
    if (!m.has(path)) m.set(path, p);
  }
  return m;
}
