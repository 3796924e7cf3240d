// One file as multipart/form-data with upload progress (fetch has none): a dossier component, or a result.
import { ApiError } from "./api";

export interface Uploaded { id: number; sha256: string; page_count: number | null }

export function uploadComponent(dossierId: number, component: string, file: File, csrf: string,
                                onProgress: (fraction: number) => void): Promise<Uploaded> {
  return uploadFile(`/api/dossiers/${dossierId}/attachments`, component, file, csrf, onProgress);
}

export function uploadFile(url: string, field: string, file: File, csrf: string,
                           onProgress: (fraction: number) => void = () => {}): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      if (xhr.status === 201) return resolve(data.items[0]);
      const e = data?.error ?? {};
      reject(new ApiError(xhr.status, e.code ?? "error", e.message_vi ?? `Lỗi ${xhr.status}`, e.message_en ?? `Error ${xhr.status}`, e.fields ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "Mất kết nối khi tải tệp", "The connection failed during the upload"));
    const form = new FormData();
    form.append(field, file, file.name);
    xhr.send(form);
  });
}
