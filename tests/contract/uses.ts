// Uses of the types openapi-typescript generates from openapi/openapi.json, compiled with
// `tsc --strict` by tests/contract/run: the names a TypeScript client would write against.
import type { components, operations, paths } from "./out/api";

type Meeting = components["schemas"]["MeetingView"];
type SearchQuery = NonNullable<operations["meetings_search"]["parameters"]["query"]>;
type SearchPage = operations["meetings_search"]["responses"][200]["content"]["application/json"];
type NewMeeting = operations["meetings_create"]["requestBody"]["content"]["application/json"];
type Problem = components["schemas"]["Problem"];
type Service = paths["/v1/services/{id}"]["get"]["responses"][200]["content"]["application/json"];

export function describe(meeting: Meeting): string {
  const where = meeting.location?.city ?? "online";
  return `${meeting.name} (${meeting.id}), ${where}, updated ${meeting.updated_at}`;
}

export const nearby: SearchQuery = { lat: 40.75, lng: -73.99, radius_km: 5, limit: 25 };

export function ids(page: SearchPage): string[] {
  return page.items.map((meeting) => meeting.id);
}

export const draft: NewMeeting = {
  name: "Rise and Shine",
  day: 1,
  time: "07:00",
  timezone: "America/New_York",
};

export function explain(problem: Problem): string {
  return `${problem.status} ${problem.title}: ${problem.detail}`;
}

export function serviceName(service: Service): string {
  return service.name;
}
