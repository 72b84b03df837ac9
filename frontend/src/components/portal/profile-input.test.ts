import { describe, expect, it } from "vitest";

import { profileInput } from "./ProfileForm";

const current = {
  title: "",
  givenName: "Saruul",
  middleName: "",
  familyName: "Bat",
  preferredName: "",
  pronouns: "",
  birthDate: null,
  emails: [{ address: "saruul@example.org", isPrimary: true }],
  phones: [{ number: "+97699112233", isPrimary: true }],
  addresses: [],
};

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

describe("profileInput", () => {
  it("sends the name parts, and contact details only when they changed", () => {
    const input = profileInput(
      form({ givenName: " Saruul ", familyName: "Bat", primaryEmail: "saruul@example.org", primaryPhone: "+97699112233" }),
      current,
    );
    expect(input).toMatchObject({ givenName: "Saruul", familyName: "Bat", birthDate: null });
    expect(input).not.toHaveProperty("primaryEmail");
    expect(input).not.toHaveProperty("primaryPhone");
    expect(input).not.toHaveProperty("primaryAddress");
  });

  it("sends a new phone and an address with an upper-cased country", () => {
    const input = profileInput(
      form({ givenName: "Saruul", familyName: "Bat", primaryPhone: "12", line1: "1 Peace Avenue", city: "Ulaanbaatar", country: "mn" }),
      current,
    );
    expect(input.primaryPhone).toBe("12");
    expect(input.primaryAddress).toEqual({
      line1: "1 Peace Avenue",
      line2: "",
      city: "Ulaanbaatar",
      region: "",
      postalCode: "",
      country: "MN",
    });
  });
});
