// One file to one dossier component, as multipart/form-data with upload progress (fetch has none).
import { ApiError } from "./api";

export function uploadComponent(dossierId: number, component: string, file: File, csrf: string,
                                onProgress: (fraction: number) => void): Promise<{ id: number; sha256: string; page_count: number | null }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/dossiers/${dossierId}/attachments`);
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
    form.append(component, file, file.name);
    xhr.send(form);
  });
}
