using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MimeKit;

namespace EsmsDui.Conformance.Tests;

/// <summary>The deliberate faults of <see cref="FaultDetectionTests"/>: each breaks one rule a test of the suite verifies.</summary>
public static partial class Faults
{
    private const string InsNir = "urn:oid:1.2.250.1.213.1.4.8";

    public static IEnumerable<object[]> All => List.Select(f => new object[] { f });

    private static readonly Fault[] List =
    [
        // Group 1: discovery.
        Rewrite("metadata claims FHIR 3.0.2", "1.01", r => Path(r) == "metadata", b => Regex.Replace(b, "\"fhirVersion\"\\s*:\\s*\"4.0.1\"", "\"fhirVersion\":\"3.0.2\"")),
        new("metadata ignores Accept: application/fhir+xml", "1.02", (s, r, c) =>
        {
            if (Path(r) == "metadata" && r.Headers.Accept.ToString().Contains("xml", StringComparison.Ordinal))
            {
                r.Headers.Accept.Clear();
                r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            }

            return s.ForwardAsync(r, c);
        }),
        Answer("a claimed search answers 500", "1.03", r => Path(r) == "Observation" && Query(r) == "_count=1", HttpStatusCode.InternalServerError),
        Answer("a declared search parameter is refused", "1.04", r => Path(r) == "Patient" && Query(r).StartsWith("family=", StringComparison.Ordinal), HttpStatusCode.BadRequest),
        Answer("no SMART configuration", "1.06", r => Path(r) == ".well-known/smart-configuration", HttpStatusCode.NotFound),
        Rewrite("SMART configuration without permission-v2", "1.07", r => Path(r) == ".well-known/smart-configuration", b => b.Replace("\"permission-v2\"", "\"permission-v1\"", StringComparison.Ordinal)),
        Rewrite("client assertions without ES384", "1.08", r => Path(r) == ".well-known/smart-configuration", b => b.Replace("\"ES384\"", "\"ES256\"", StringComparison.Ordinal)),
        Rewrite("CapabilityStatement without SMART-on-FHIR", "1.09", r => Path(r) == "metadata", b => b.Replace("SMART-on-FHIR", "OAuth", StringComparison.Ordinal)),

        // Group 2: REST.
        Response("create answers without Location", "2.01", r => r.Method == HttpMethod.Post && Path(r) == "Patient", a => a.Headers.Location = null),
        Response("read answers without ETag", "2.02", r => r.Method == HttpMethod.Get && Segments(r) is ["Patient", _] && Query(r).Length == 0, a => a.Headers.ETag = null),
        new("a stale If-Match is ignored", "2.04", (s, r, c) =>
        {
            if (r.Headers.IfMatch.ToString().Contains("999999", StringComparison.Ordinal))
            {
                r.Headers.IfMatch.Clear();
            }

            return s.ForwardAsync(r, c);
        }),
        new("vread answers the current version", "2.05", (s, r, c) =>
        {
            if (Segments(r) is ["Patient", var id, "_history", _])
            {
                r.RequestUri = new Uri(r.RequestUri!, "../../" + id);
            }

            return s.ForwardAsync(r, c);
        }),
        Rewrite("history comes oldest first", "2.06", r => Segments(r) is ["Patient", _, "_history"], b => Json(b, bundle => bundle["entry"] = new JsonArray([.. bundle["entry"]!.AsArray().Select(e => e!.DeepClone()).Reverse()]))),
        Answer("delete answers 204 and keeps the resource", "2.07", r => r.Method == HttpMethod.Delete && Segments(r) is ["Patient", _], HttpStatusCode.NoContent),
        new("If-None-Exist is ignored", "2.08", (s, r, c) =>
        {
            r.Headers.Remove("If-None-Exist");
            return s.ForwardAsync(r, c);
        }),
        new("a failing transaction is half applied", "2.09", async (s, r, c) =>
        {
            var body = r.Content is null ? string.Empty : await r.Content.ReadAsStringAsync(c);
            if (r.Method != HttpMethod.Post || Path(r).Length > 0 || !body.Contains("999999", StringComparison.Ordinal))
            {
                return await s.ForwardAsync(r, c);
            }

            // The first entry is applied on its own, then the transaction fails.
            var first = JsonNode.Parse(body)!["entry"]![0]!["resource"]!.ToJsonString();
            using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(r.RequestUri!, "Patient")) { Content = new StringContent(first, Encoding.UTF8, "application/fhir+json") };
            create.Headers.Authorization = r.Headers.Authorization;
            (await s.ForwardAsync(create, c)).Dispose();
            return FaultyServer.Answer(HttpStatusCode.PreconditionFailed, Outcome("Version conflict"));
        }),
        Rewrite("the next link repeats the page", "2.11", r => Path(r) == "Patient" && Query(r).Contains("family=PAGE", StringComparison.Ordinal), b => Json(b, bundle =>
        {
            var links = bundle["link"]!.AsArray();
            var self = links.First(l => (string?)l!["relation"] == "self")!["url"]!.GetValue<string>();
            foreach (var next in links.Where(l => (string?)l!["relation"] == "next"))
            {
                next!["url"] = self;
            }
        })),
        new("errors come as text, not OperationOutcome", "2.12", async (s, r, c) =>
        {
            var answer = await s.ForwardAsync(r, c);
            return answer.StatusCode == HttpStatusCode.NotFound ? FaultyServer.Answer(HttpStatusCode.NotFound, "Not Found", "text/plain") : answer;
        }),
        new("errors show the exception", "2.12", async (s, r, c) =>
        {
            var answer = await s.ForwardAsync(r, c);
            if ((int)answer.StatusCode is 400 or 422)
            {
                return FaultyServer.Answer(answer.StatusCode, Outcome("System.FormatException: unexpected end of JSON\n   at EsmsDui.Parser.Read() in Parser.cs:line 12"));
            }

            return answer;
        }),

        // Group 3: identity.
        Rewrite("the usager reads back without its birth place", "3.01", r => r.Method == HttpMethod.Get && Segments(r) is ["Patient", _] && Query(r).Length == 0, b => Json(b, patient =>
        {
            var extensions = patient["extension"]!.AsArray();
            foreach (var birthPlace in extensions.Where(e => ((string?)e!["url"])!.EndsWith("patient-birthPlace", StringComparison.Ordinal)).ToList())
            {
                extensions.Remove(birthPlace);
            }
        })),
        RequestBody("the INS key is not checked", "3.02", r => r.Method == HttpMethod.Post && Path(r) == "Patient", b => Json(b, patient =>
        {
            foreach (var identifier in patient["identifier"]!.AsArray().Where(i => (string?)i!["system"] == InsNir))
            {
                var number = identifier!["value"]!.GetValue<string>()[..13];
                identifier["value"] = number + (97 - (long.Parse(number, CultureInfo.InvariantCulture) % 97)).ToString("00", CultureInfo.InvariantCulture);
            }
        })),
        RequestBody("a VALI identity without INS is accepted", "3.03", r => r.Method == HttpMethod.Post && Path(r) == "Patient", b => b.Contains("1.2.250.1.213.1.4.", StringComparison.Ordinal) ? b : b.Replace("\"VALI\"", "\"PROV\"", StringComparison.Ordinal)),
        RequestBody("test INS OIDs are accepted", "3.04", r => r.Method == HttpMethod.Post && Path(r) == "Patient", b => b.Replace("1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.8", StringComparison.Ordinal)),
        new("the INS of an unqualified identity is exported", "3.05", async (s, r, c) =>
        {
            if (Segments(r) is not ["Patient", var id, "$everything"])
            {
                return await s.ForwardAsync(r, c);
            }

            using var read = new HttpRequestMessage(HttpMethod.Get, new Uri(r.RequestUri!, "../" + id));
            read.Headers.Authorization = r.Headers.Authorization;
            var stored = JsonNode.Parse(await (await s.ForwardAsync(read, c)).Content.ReadAsStringAsync(c))!;
            return await s.RewriteAsync(r, b => Json(b, bundle =>
            {
                foreach (var entry in bundle["entry"]!.AsArray().Where(e => (string?)e!["resource"]!["resourceType"] == "Patient"))
                {
                    entry!["resource"] = stored.DeepClone();
                }
            }), c);
        }),

        // Group 4: TDDUI.
        new("a failing TDDUI import is half applied", "4.02", async (s, r, c) =>
        {
            var body = r.Content is null ? string.Empty : await r.Content.ReadAsStringAsync(c);
            var answer = await s.ForwardAsync(r, c);
            if ((int)answer.StatusCode < 400 || Path(r).Length > 0 || !body.Contains("tddui", StringComparison.Ordinal))
            {
                return answer;
            }

            var first = JsonNode.Parse(body)!["entry"]![0]!["resource"]!;
            using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(r.RequestUri!, (string)first["resourceType"]!)) { Content = new StringContent(first.ToJsonString(), Encoding.UTF8, "application/fhir+json") };
            create.Headers.Authorization = r.Headers.Authorization;
            (await s.ForwardAsync(create, c)).Dispose();
            return answer;
        }),
        Rewrite("the TDDUI export holds PUT entries", "4.03", r => Path(r).EndsWith("$tddui-export", StringComparison.Ordinal), b => Regex.Replace(b, "\"method\"\\s*:\\s*\"POST\"", "\"method\":\"PUT\"")),
        Rewrite("the TDDUI export is not valid (usager without gender)", "4.03", r => Path(r).EndsWith("$tddui-export", StringComparison.Ordinal), b => Json(b, bundle =>
        {
            foreach (var patient in bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Where(p => (string?)p["resourceType"] == "Patient"))
            {
                patient.Remove("gender");
            }
        })),
        EveryOther("the TDDUI export changes from one call to the next", "4.04", r => Path(r).EndsWith("$tddui-export", StringComparison.Ordinal), b => Regex.Replace(b, "\"birthDate\"\\s*:\\s*\"(\\d{4})", m => $"\"birthDate\":\"{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1}")),

        // Group 5: security.
        new("a request without token is served", "5.01", (s, r, c) =>
            r.Headers.Authorization is null && Path(r) is not "metadata" and not ".well-known/smart-configuration" && r.RequestUri!.AbsolutePath.Contains("/fhir", StringComparison.Ordinal) ? s.AsMainClientAsync(r, c) : s.ForwardAsync(r, c)),
        new("the refused token is echoed", "5.02", async (s, r, c) =>
        {
            var answer = await s.ForwardAsync(r, c);
            return answer.StatusCode == HttpStatusCode.Unauthorized && r.Headers.Authorization is { } token
                ? FaultyServer.Answer(HttpStatusCode.Unauthorized, Outcome("Refused token " + token.Parameter))
                : answer;
        }),
        new("scopes are not enforced", "5.03", async (s, r, c) =>
        {
            var answer = await s.ForwardAsync(r, c);
            return answer.StatusCode == HttpStatusCode.Forbidden ? await s.AsMainClientAsync(r, c) : answer;
        }),
        new("a wrong client secret gets a token", "5.04", async (s, r, c) =>
        {
            var answer = await s.ForwardAsync(r, c);
            return r.RequestUri!.AbsolutePath.EndsWith("/connect/token", StringComparison.Ordinal) && (int)answer.StatusCode is 400 or 401
                ? FaultyServer.Answer(HttpStatusCode.OK, """{"access_token":"made-up","token_type":"Bearer","expires_in":300}""", "application/json")
                : answer;
        }),
        new("a token in the URL is accepted", "5.05", (s, r, c) =>
        {
            var query = Query(r);
            if (Regex.Match(query, "access_token=([^&]+)") is { Success: true } token)
            {
                r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Uri.UnescapeDataString(token.Groups[1].Value));
                r.RequestUri = new Uri(r.RequestUri!.GetLeftPart(UriPartial.Path) + "?" + Regex.Replace(query, "&?access_token=[^&]+", string.Empty));
            }

            return s.ForwardAsync(r, c);
        }),
        Leak("another establishment reads the usager", "5.06", r => Segments(r) is ["Patient", _] or ["Patient", _, "_history", _]),
        Leak("another establishment finds the usager by search", "5.07", r => Path(r) == "Patient" || Segments(r) is ["Patient", _, "Observation"]),
        Leak("another establishment gets the usager through _include", "5.08", r => Query(r).Contains("include=", StringComparison.Ordinal)),
        Leak("another establishment finds the usager through _has", "5.09", r => Query(r).Contains("_has", StringComparison.Ordinal)),
        Leak("another establishment reads the usager's history", "5.10", r => Path(r).EndsWith("_history", StringComparison.Ordinal)),
        Leak("another establishment exports the usager's record", "5.11", r => Path(r).EndsWith("$everything", StringComparison.Ordinal)),
        Leak("another establishment changes the usager", "5.12", r => r.Method != HttpMethod.Get && Segments(r) is ["Patient", _]),
        Response("answers without nosniff", "5.13", _ => true, a => a.Headers.Remove("X-Content-Type-Options")),

        // Group 6: traceability.
        Rewrite("reads are not audited", "6.01", r => Path(r) == "AuditEvent", b => Json(b, bundle => bundle["entry"] = new JsonArray())),
        Rewrite("AuditEvents do not name who asked", "6.02", r => Path(r) == "AuditEvent", b => Json(b, bundle =>
        {
            foreach (var agent in bundle["entry"]?.AsArray().SelectMany(e => e!["resource"]!["agent"]?.AsArray() ?? []) ?? [])
            {
                agent!.AsObject().Remove("requestor");
            }
        })),
        Answer("an AuditEvent can be deleted", "6.03", r => r.Method == HttpMethod.Delete && Segments(r) is ["AuditEvent", _], HttpStatusCode.NoContent),

        // Group 7: MSSanté, the mail as it arrives.
        MailTampering.Fault("the mail carries no PDF beside the XDM", "7.01", m =>
        {
            var pdf = m.BodyParts.OfType<MimePart>().First(p => p.ContentType.MimeType == "application/pdf");
            MailTampering.Remove(m.Body, pdf);
        }),
        MailTampering.Fault("the XDM has no README.TXT", "7.02", m => MailTampering.ChangeXdm(m, files => files.Remove("README.TXT"))),
        MailTampering.Fault("the XDM gives a wrong hash", "7.03", m => MailTampering.ChangeXdm(m, files =>
        {
            var hash = Regex.Match(Encoding.UTF8.GetString(files["IHE_XDM/SUBSET01/METADATA.XML"]), "[0-9a-fA-F]{40}").Value;
            MailTampering.ReplaceIn(files, f => f.EndsWith("METADATA.XML", StringComparison.Ordinal), hash, new string('0', 40));
        })),
        MailTampering.Fault("the mail has no X-MSS-NIL", "7.04", m => m.Headers.Remove("X-MSS-NIL")),
        MailTampering.Fault("the subject lacks XDM/1.0/DDM+", "7.05", m => m.Subject = m.Subject.Replace("XDM/1.0/DDM+", string.Empty, StringComparison.Ordinal)),
        MailTampering.Fault("the CDA names the usager without his INS", "7.06", m => MailTampering.ChangeXdm(m, files => MailTampering.ReplaceIn(files, f => f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !f.EndsWith("METADATA.XML", StringComparison.Ordinal), "root=\"1.2.250.1.213.1.4.8\"", "root=\"1.2.250.1.213.1.4.9\""))),
        MailTampering.Fault("no read receipt is asked", "7.07", m => m.Headers.Remove("Disposition-Notification-To")),
    ];
}
