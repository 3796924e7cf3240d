// The e-form renderer (issue: "the e-form rendered from the procedure's schema, with inline validation
// messages"), mounted in jsdom with the real CT01 schema from data/eforms. The server is mocked: its answers
// are the shapes POST /api/procedures/{code}/eform/check returns (tests/api/test_eforms.py pins them).
import { mount, flushPromises } from "@vue/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import EformRenderer from "../src/components/EformRenderer.vue";
import { initialValue, type Schema, type Value } from "../src/eform";
import { setLang } from "../src/i18n";
import ct01 from "../../data/eforms/1.004194.json";

const schema = ct01 as unknown as Schema;
const DATE_VI = "«Ngày, tháng, năm sinh» phải là một ngày có thật, viết dạng YYYY-MM-DD (ví dụ 1990-05-17)";
const DATE_EN = "“Ngày, tháng, năm sinh” must be a real calendar date written YYYY-MM-DD (e.g. 1990-05-17)";

function serverSays(problems: unknown[]) {
  const f = vi.fn(async (_url: string, _init: RequestInit) =>
    new Response(JSON.stringify({ problems }), { status: 200, headers: { "Content-Type": "application/json" } }));
  vi.stubGlobal("fetch", f);
  return f;
}

function mountForm() {
  const model = { value: initialValue(schema) as Value };
  const w = mount(EformRenderer, {
    props: { schema, code: "1.004194", modelValue: model.value, "onUpdate:modelValue": (v: Value) => { model.value = v; w.setProps({ modelValue: v }); } },
    attachTo: document.body,
  });
  return { w, model };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setLang("vi");
  document.body.innerHTML = "";
});

describe("EformRenderer", () => {
  it("renders every field with its Vietnamese label, marks required ones and uses fitting inputs", () => {
    serverSays([]);
    const { w } = mountForm();
    const labels = w.findAll("label").map((l) => l.text());
    expect(labels).toContain("Họ, chữ đệm và tên *");
    expect(labels).toContain("Email");  // optional: no asterisk
    expect(w.findAll("legend").map((l) => l.text())).toContain("Người kê khai *");
    expect(w.find("#f-nguoi_khai-ngay_sinh").attributes("type")).toBe("date");
    expect(w.find("#f-nguoi_khai-so_dien_thoai").attributes("type")).toBe("tel");
    const options = w.find("select#f-nguoi_khai-gioi_tinh").findAll("option").map((o) => o.text());
    expect(options).toEqual(["—", "Nam", "Nữ"]);
  });

  it("edits flow into the model", async () => {
    serverSays([]);
    const { w, model } = mountForm();
    await w.find("#f-nguoi_khai-ho_ten").setValue("Nguyễn Thị Hằng");
    expect((model.value as any).nguoi_khai.ho_ten).toBe("Nguyễn Thị Hằng");
  });

  it("leaving a field asks the server (draft mode) and shows its message at that field, in the chosen language", async () => {
    vi.useFakeTimers();
    const f = serverSays([{ field: "eform_data.nguoi_khai.ngay_sinh", message_vi: DATE_VI, message_en: DATE_EN }]);
    const { w } = mountForm();
    const input = w.find("#f-nguoi_khai-ngay_sinh");
    await input.trigger("blur");
    await vi.advanceTimersByTimeAsync(300);
    await flushPromises();
    expect(f).toHaveBeenCalledOnce();
    const [url, init] = f.mock.calls[0];
    expect(url).toBe("/api/procedures/1.004194/eform/check");
    expect(JSON.parse(init.body as string).mode).toBe("draft");
    expect(w.find("#f-nguoi_khai-ngay_sinh-err").text()).toBe(DATE_VI);
    expect(input.attributes("aria-invalid")).toBe("true");
    expect(input.attributes("aria-describedby")).toBe("f-nguoi_khai-ngay_sinh-err");
    setLang("en");
    await flushPromises();
    expect(w.find("#f-nguoi_khai-ngay_sinh-err").text()).toBe(DATE_EN);
  });

  it("validate() checks as a submission and puts the focus on the first field with a message", async () => {
    const f = serverSays([
      { field: "eform_data.nguoi_khai.ho_ten", message_vi: "«Họ, chữ đệm và tên» là thông tin bắt buộc, chưa được nhập", message_en: "“Họ, chữ đệm và tên” is required" },
      { field: "eform_data.noi_dung_de_nghi", message_vi: "«Nội dung đề nghị» là thông tin bắt buộc, chưa được nhập", message_en: "“Nội dung đề nghị” is required" },
    ]);
    const { w } = mountForm();
    const ok = await (w.vm as unknown as { validate: () => Promise<boolean> }).validate();
    expect(ok).toBe(false);
    expect(JSON.parse(f.mock.calls[0][1].body as string).mode).toBe("submit");
    expect(w.find("#f-nguoi_khai-ho_ten-err").text()).toContain("là thông tin bắt buộc");
    expect(w.find("#f-noi_dung_de_nghi-err").exists()).toBe(true);
    expect(document.activeElement?.id).toBe("f-nguoi_khai-ho_ten");
    serverSays([]);
    expect(await (w.vm as unknown as { validate: () => Promise<boolean> }).validate()).toBe(true);
    expect(w.find(".field-error").exists()).toBe(false);
  });

  it("lists take items in and out, each with its own fields", async () => {
    serverSays([]);
    const { w, model } = mountForm();
    await w.findAll("button").find((b) => b.text().startsWith("Thêm"))!.trigger("click");
    expect((model.value as any).thanh_vien_cung_thay_doi).toHaveLength(1);
    expect(w.find("#f-thanh_vien_cung_thay_doi-0--ho_ten").exists()).toBe(true);
    await w.findAll("button").find((b) => b.text() === "Xóa 1")!.trigger("click");
    expect((model.value as any).thanh_vien_cung_thay_doi).toHaveLength(0);
  });

  it("shows the server's messages from a refused save at their fields", () => {
    serverSays([]);
    const w = mount(EformRenderer, {
      props: { schema, code: "1.004194", modelValue: initialValue(schema),
               serverProblems: [{ field: "eform_data.chu_ho.so_dinh_danh", message_vi: "«Số định danh cá nhân của chủ hộ» không hợp lệ: sai mã tỉnh", message_en: "x" }] },
    });
    expect(w.find("#f-chu_ho-so_dinh_danh-err").text()).toContain("không hợp lệ");
  });
});
