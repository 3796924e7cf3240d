// The small state every administration tab shares: a busy flag, the server's refusal (field messages in the
// chosen language), and a line saying what was saved.
import { ref } from "vue";
import { ApiError, asApiError } from "../../api";

export function useAdmin() {
  const error = ref<ApiError | null>(null);
  const saved = ref("");
  const busy = ref(false);
  async function run(step: () => Promise<unknown>, done = "") {
    error.value = null;
    saved.value = "";
    busy.value = true;
    try {
      await step();
      saved.value = done;
    } catch (e) {
      error.value = asApiError(e);
    } finally {
      busy.value = false;
    }
  }
  const fieldError = (f: string) => error.value?.fieldText(f);
  return { error, saved, busy, run, fieldError };
}
