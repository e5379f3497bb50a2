import { exports } from "cloudflare:workers";
import { it } from "vitest";

it("answers", async ({ expect }) => {
  const res = await exports.default.fetch("http://localhost/");
  expect(await res.text()).toBe("ok");
});
