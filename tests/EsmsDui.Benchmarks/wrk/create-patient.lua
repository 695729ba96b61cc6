-- wrk script: POST realistic usager Patients (French names with accents, INS-style identifiers), minimal responses.
-- wrk -t2 -c8 -d10s -s tests/EsmsDui.Benchmarks/wrk/create-patient.lua http://127.0.0.1:8080/fhir/Patient
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
wrk.headers["Prefer"] = "return=minimal"
local families = {"Dupont", "Lefèvre", "Müller", "Gauthier", "Bérénice", "Çelik", "Le Goff", "Moreau"}
local givens = {"Hélène", "Jean-François", "Zoé", "Éloïse", "Maël", "Noémie", "Gérard", "Loïc"}
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.250.1.213.1.4.8","value":"1%014d"}],"name":[{"use":"official","family":"%s","given":["%s","%s"]}],"gender":"female","birthDate":"19%02d-0%d-1%d","address":[{"line":["%d rue de la République"],"city":"Saint-Étienne","postalCode":"42000","country":"FR"}]}',
    n, families[(n % 8) + 1], givens[(n % 7) + 1], givens[(n % 5) + 1], 20 + (n % 60), 1 + (n % 9), n % 10, n % 200)
  return wrk.format(nil, nil, nil, body)
end
