// A dossier's papers as both the applicant's page and the officer's desk show them: the printable forms of its
// form set (GET /documents, each saying whether it applies yet) and its issued results with their verify links.
import { get } from "./api";

export interface Paper { form: string; name: string; available: boolean; href: string }
export interface IssuedResult { id: number; title: string; verify_url: string | null; signed: boolean }

// The dossier and its papers fetched together, so a page shows them together: one wait instead of two in a row,
// and never the dossier without its printable papers.
export async function loadDossierWithPapers<D>(dossierId: number | string) {
  const [dossier, docs, results] = await Promise.all([
    get<D>(`/api/dossiers/${dossierId}`),
    get<{ items: Paper[] }>(`/api/dossiers/${dossierId}/documents`),
    get<{ items: IssuedResult[] }>(`/api/dossiers/${dossierId}/results`),
  ]);
  return { dossier, docs: docs.items, results: results.items };
}
