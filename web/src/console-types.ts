// The dossier as GET /api/dossiers/{id} gives it to an official (the fields the console reads).
export interface Offer {
  action: string;
  name_vi: string;
  form: string;
  reason_required: boolean;
  blocked: { code: string; message_vi: string; message_en: string; citation: string } | null;
}
export interface Dossier {
  id: number; code: string | null; procedure_code: string; procedure_name: string; status: number | null; status_name: string;
  state: string; state_name_vi: string; channel: string; delivery: string; current_agency_id: number; agency_id: number;
  applicant_name: string; applicant_id_number: string | null; applicant_phone: string | null; applicant_email: string | null;
  applicant_address: string | null; eform_data: Record<string, unknown>;
  received_at_local: string | null; due_at_local: string | null; due_at_ms: number | null; step_due_at_local: string | null;
  history: { seq: number; action: string; actor_name: string; at_local: string; reason: string | null;
             history_vi: string | null; history_en: string | null }[];
  attachments: { id: number; component_key: string; filename: string; content_type: string; size: number;
                 digitised: boolean; page_count: number | null }[];
  consultations: { id: number; to_agency_id: number; question: string; status: string; answer: string | null; due_at_local: string }[];
  actions: Offer[];
}
