using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Search;

public abstract class SearchTests(ServerFixture server)
{
    public static TheoryData<string, string, string> Rows => new()
    {
        // type, query, expected symbolic ids (comma-separated, empty for none)
        { "Patient", "", "p1,p2,p3" },
        { "Patient", "name=helene", "p1" },
        { "Patient", "name=HÉLÈNE", "p1" },
        { "Patient", "name=hel", "p1" },
        { "Patient", "family=dup", "p1" },
        { "Patient", "family:exact=Dupont", "p1" },
        { "Patient", "family:exact=dupont", "" },
        { "Patient", "name:contains=fev", "p2" },
        { "Patient", "given=marie", "p2" },
        { "Patient", "phonetic=helene", "p1" },
        { "Patient", "phonetic:missing=true", "" },
        { "Patient", "name=zoe,jean", "p2,p3" },
        { "Patient", "address-city=saint-etienne", "p1" },
        { "Patient", "address-postalcode=42", "p1" },
        { "Patient", "gender=female", "p1,p3" },
        { "Patient", "gender=http://hl7.org/fhir/administrative-gender|male", "p2" },
        { "Patient", "gender:not=female", "p2" },
        { "Patient", "gender:in=http://hl7.org/fhir/ValueSet/administrative-gender", "p1,p2,p3" },
        { "Patient", "gender:not-in=http://hl7.org/fhir/ValueSet/administrative-gender", "" },
        { "Patient", "gender:in=http://hl7.org/fhir/ValueSet/administrative-gender&name=martin", "p3" },
        { "Patient", "gender=female&name=martin", "p3" },
        { "Patient", "gender=male&name=dupont", "" },
        { "Patient", "identifier=urn:oid:1.2.250.1.213.1.4.8|242039912345692", "p1" },
        { "Patient", "identifier=242039912345692", "p1" },
        { "Patient", "identifier=urn:esmsdui:local|", "p2" },
        { "Patient", "identifier=|2", "" },
        { "Patient", "email=jean@example.org", "p2" },
        { "Patient", "active=true", "p1" },
        { "Patient", "active:missing=true", "p2,p3" },
        { "Patient", "active:missing=false", "p1" },
        { "Patient", "birthdate=1942", "p1" },
        { "Patient", "birthdate=1942-03-15", "p1" },
        { "Patient", "birthdate=1942-03-16", "" },
        { "Patient", "birthdate=ge1950-01-01", "p2,p3" },
        { "Patient", "birthdate=lt1950", "p1" },
        { "Patient", "birthdate=gt1950-07-01", "p3" },
        { "Patient", "birthdate=le1950-07-01", "p1,p2" },
        { "Patient", "birthdate=ne1950-07-01", "p1,p3" },
        { "Patient", "birthdate=sa2000", "p3" },
        { "Patient", "birthdate=eb1943", "p1" },
        { "Patient", "birthdate=1942-03-15,2001-12-24", "p1,p3" },
        { "Patient", "birthdate=ge1940&birthdate=lt1960", "p1,p2" },
        { "Patient", "_id={p1},{p3}", "p1,p3" },
        { "Patient", "_lastUpdated=gt2000-01-01", "p1,p2,p3" },
        { "Patient", "_lastUpdated=lt2000-01-01", "" },
        { "Observation", "subject=Patient/{p1}", "o1" },
        { "Observation", "subject:Patient={p2}", "o2" },
        { "Observation", "patient={p1}", "o1" },
        { "Observation", "subject=Patient/{p1},Patient/{p2}", "o1,o2" },
        { "Observation", "code=http://loinc.org|29463-7", "o1" },
        { "Observation", "code=8302-2", "o2" },
        { "Observation", "status=final", "o1" },
        { "Observation", "date=2024-01", "o1" },
        { "Observation", "date=2024-02-02", "" },
        { "Observation", "date=ge2024-02-02", "o2" },
        { "Observation", "date=lt2024-01-10T09:00:00Z", "o1" },
        { "Observation", "date=lt2024-01-10T09:00:00%2B01:00", "" },
        { "Observation", "patient={p2}&status=final", "" },
        { "Observation", "date=le2024-01-10T08:30:00Z", "o1" },
        { "Observation", "value-quantity=72.5|http://unitsofmeasure.org|kg", "o1" },
        { "Observation", "value-quantity=72500|http://unitsofmeasure.org|g", "o1" },
        { "Observation", "value-quantity=72.4|http://unitsofmeasure.org|kg", "" },
        { "Observation", "value-quantity=gt70||kg", "o1" },
        { "Observation", "value-quantity=lt1.8|http://unitsofmeasure.org|m", "o2" },
        { "Observation", "value-quantity=gt1.8|http://unitsofmeasure.org|m", "" },
        { "Observation", "value-quantity=175", "o2" },
        { "Observation", "value-quantity=175||centimètres", "o2" },
        { "Observation", "value-quantity=ap180||cm", "o2" },
        { "Observation", "value-quantity=ap200||cm", "" },
        { "Observation", "value-quantity=ne175||cm", "" },
        { "Observation", "value-quantity=ge72.5,le175", "o1,o2" },
        { "Observation", "value-quantity=72.5||kg&value-quantity=lt100", "o1" },
        { "Observation", "value-quantity:missing=false", "o1,o2" },
        { "RiskAssessment", "probability=0.8", "r1" },
        { "RiskAssessment", "probability=0.80", "r1" },
        { "RiskAssessment", "probability=0.7", "" },
        { "RiskAssessment", "probability=8e-1", "r1" },
        { "RiskAssessment", "probability=gt0.5", "r1" },
        { "RiskAssessment", "probability=lt0.8", "" },
        { "RiskAssessment", "probability=le0.8", "r1" },
        { "RiskAssessment", "probability=ne0.8", "" },
        { "RiskAssessment", "probability=ap0.75", "r1" },
        { "RiskAssessment", "probability=0.1,0.8", "r1" },
        { "RiskAssessment", "probability:missing=true", "" },
        { "Observation", "code:text=poids", "o1" },
        { "Observation", "code:text=TAI", "o2" },
        { "Observation", "code:text=tension", "" },
        { "Patient", "identifier:of-type=https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203|INS-NIR|242039912345692", "p1" },
        { "Patient", "identifier:of-type=https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203|INS-NIR|000", "" },
        { "Patient", "identifier:of-type=https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203|INS-NIA|242039912345692", "" },
        { "Observation", "subject:identifier=urn:esmsdui:local|2", "o2" },
        { "Observation", "subject:identifier=urn:esmsdui:local|1", "" },
        { "Patient", "_profile=https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient", "p2" },
        { "Patient", "_profile:below=https://hl7.fr/ig/fhir/core", "p2" },
        { "Patient", "_profile:below=https://hl7.fr/ig/fhir/other", "" },
        { "Patient", "_profile:above=https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient/extra", "p2" },
        { "Patient", "_profile:above=https://hl7.fr/ig/fhir/core", "" },
        { "Patient", "_profile:missing=true", "p1,p3" },
        { "Patient", "_list={l1}", "p1,p3" },
        { "Patient", "_list={l1}&gender=male", "" },
        { "Observation", "_list={l1}", "" },
        { "Observation", "component-code-value-quantity=http://loinc.org|8480-6$gt100", "o3" },
        { "Observation", "component-code-value-quantity=http://loinc.org|8480-6$lt100", "" },
        { "Observation", "component-code-value-quantity=8462-4$80", "o3" },
        { "Observation", "component-code-value-quantity=8480-6$80", "" },
        { "Observation", "component-code-value-quantity=8480-6$120|http://unitsofmeasure.org|mm[Hg]", "o3" },
        { "Observation", "component-code-value-quantity=8480-6$120|http://unitsofmeasure.org|kg", "" },
        { "Observation", "code-value-quantity=http://loinc.org|29463-7$72.5", "o1" },
        { "Observation", "code-value-quantity=29463-7$gt100", "" },
        { "Observation", "code-value-quantity=29463-7$72.5,8302-2$175", "o1,o2" },
        { "Observation", "code-value-quantity=29463-7$72.5&code-value-quantity=8302-2$175", "" },
        { "Observation", "combo-code-value-quantity=8462-4$le80", "o3" },
        { "Observation", "combo-code-value-quantity=29463-7$ge70", "o1" },
        { "Observation", "component-code-value-quantity:missing=false", "o3" },
        { "Observation", "code-value-quantity:missing=true", "o3" },
        { "Observation", "subject.name=helene", "o1" },
        { "Observation", "subject:Patient.name=jean", "o2" },
        { "Observation", "patient.gender=female", "o1,o3" },
        { "Observation", "subject.identifier=urn:oid:1.2.250.1.213.1.4.8|242039912345692", "o1" },
        { "Observation", "subject.birthdate=lt1945", "o1" },
        { "Observation", "subject.name=nobody", "" },
        { "Observation", "subject.name=helene,jean", "o1,o2" },
        { "Observation", "subject.name=helene&subject.gender=male", "" },
        { "Observation", "subject._id={p2}", "o2" },
        { "RiskAssessment", "subject:Patient.name=dupont", "r1" },
        { "Observation", "_contained=true", "d2" },
        { "Observation", "_contained=false&code=29463-7", "o1" },
        { "Observation", "_contained=true&code=2339-0", "d2" },
        { "Observation", "_contained=true&code=29463-7", "d2" },
        { "Observation", "_contained=true&code=2339-0&status=final", "d2" },
        { "Observation", "_contained=true&code=2339-0&status=preliminary", "" },
        { "Observation", "_contained=true&code=8302-2", "" },
        { "Observation", "_contained=both&code=29463-7", "o1,d2" },
        { "Observation", "_contained=both&status=preliminary", "o2,d2" },
        { "Observation", "_contained=true&_id=a", "d2" },
        { "Observation", "_contained=true&_id=c", "" },
        { "Observation", "_contained=true&subject=Patient/{p2}", "d2" },
        { "Observation", "_contained=true&subject=Patient/{p1}", "" },
        { "Observation", "_contained=true&value-quantity=gt5|http://unitsofmeasure.org|mmol/L", "d2" },
        { "Observation", "_contained=true&value-quantity=gt6|http://unitsofmeasure.org|mmol/L", "" },
        { "Observation", "_contained=true&code:text=gluc", "d2" },
        { "Observation", "_contained=true&_containedType=container&status=final", "d2" },
        { "Medication", "_contained=true&code=http://snomed.info/sct|387517004", "m1" },
        { "Medication", "_contained=true", "m1" },
        { "Patient", "_contained=true", "" },
        { "Condition", "clinical-status:below=http://terminology.hl7.org/CodeSystem/condition-clinical|active", "c1,c3" },
        { "Condition", "clinical-status:below=http://terminology.hl7.org/CodeSystem/condition-clinical|inactive", "c2" },
        { "Condition", "clinical-status:below=http://terminology.hl7.org/CodeSystem/condition-clinical|recurrence", "c1" },
        { "Condition", "clinical-status:above=http://terminology.hl7.org/CodeSystem/condition-clinical|recurrence", "c1,c3" },
        { "Condition", "clinical-status:above=http://terminology.hl7.org/CodeSystem/condition-clinical|active", "c3" },
        { "Condition", "clinical-status:above=http://terminology.hl7.org/CodeSystem/condition-clinical|resolved", "c2" },
        { "Condition", "clinical-status:below=http://terminology.hl7.org/CodeSystem/condition-clinical|active,http://terminology.hl7.org/CodeSystem/condition-clinical|resolved", "c1,c2,c3" },
        { "DiagnosticReport", "result.subject.name=helene", "d1" },
        { "DiagnosticReport", "result.subject:Patient.gender=male", "" },
        { "DiagnosticReport", "result.code=29463-7", "d1" },
        { "Patient", "_has:Observation:patient:code=29463-7", "p1" },
        { "Patient", "_has:Observation:subject:status=preliminary", "p2" },
        { "Patient", "_has:Observation:patient:code=none", "" },
        { "Patient", "_has:Observation:subject:_has:DiagnosticReport:result:status=final", "p1" },
        { "Patient", "_has:RiskAssessment:subject:probability=gt0.5", "p1" },
        { "Patient", "_has:Observation:patient:status=final,preliminary&gender=male", "p2" },
        { "Patient", "_has:Observation:patient:subject.name=helene", "p1" },
        { "Observation", "_has:DiagnosticReport:result:status=final", "o1" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Search_returns_exactly_the_expected_resources(string type, string query, string expected)
    {
        var data = await SearchData.ForAsync(server);
        using var response = await server.Client.GetAsync($"{type}?{data.Query(query)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await FhirHttp.ReadAsync<Bundle>(response);
        var found = bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource.Id).Order().ToList();
        var wanted = expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(name => data.Ids[name]).Order().ToList();
        Assert.Equal(wanted, found);
        Assert.Equal(wanted.Count, bundle.Total);
    }

    public static TheoryData<string, string, string, string> IncludeRows => new()
    {
        // type, query, expected matches, expected included resources
        { "Observation", "_id={o1}&_include=Observation:subject", "o1", "p1" },
        { "Observation", "_include=Observation:subject:Patient", "o1,o2,o3", "p1,p2,p3" },
        { "Observation", "_include=Observation:subject:Group", "o1,o2,o3", "" },
        { "Observation", "_id={o1}&_include=*", "o1", "p1" },
        { "DiagnosticReport", "_id={d2}&_include=*", "d2", "p2" },
        { "Patient", "_id={p2}&_revinclude=*", "p2", "o2,d2,m1" },
        { "Observation", "_id={o1}&_include=Observation:*", "o1", "p1" },
        { "Patient", "_id={p1}&_revinclude=Observation:subject", "p1", "o1" },
        { "Patient", "_id={p1}&_revinclude=Observation:patient&_revinclude=RiskAssessment:subject", "p1", "o1,r1" },
        { "Patient", "_id={p1}&_revinclude=*", "p1", "o1,r1,l1" },
        { "Patient", "_id={p3}&_revinclude=*", "p3", "l1,o3" },
        { "DiagnosticReport", "_include=DiagnosticReport:result&_include:iterate=Observation:subject", "d1,d2", "o1,p1" },
        { "DiagnosticReport", "_include=DiagnosticReport:result&_include=Observation:subject", "d1,d2", "o1" },
        { "Patient", "_id={p1}&_revinclude=Observation:subject&_revinclude:iterate=DiagnosticReport:result", "p1", "o1,d1" },
        { "Observation", "_id={o1}&_include=Observation:subject&_revinclude=DiagnosticReport:result", "o1", "p1,d1" },
        { "Observation", "_id={o1}&_include=Observation:subject&_include:iterate=Patient:general-practitioner", "o1", "p1" },
        { "Patient", "_include=Patient:general-practitioner", "p1,p2,p3", "" },
    };

    [Theory]
    [MemberData(nameof(IncludeRows))]
    public async Task Includes_add_the_referenced_and_referring_resources_once(string type, string query, string matches, string included)
    {
        var data = await SearchData.ForAsync(server);
        using var response = await server.Client.GetAsync($"{type}?{data.Query(query)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await FhirHttp.ReadAsync<Bundle>(response);
        List<string> Found(Bundle.SearchEntryMode mode) =>
            [.. bundle.Entry.Where(e => e.Search?.Mode == mode).Select(e => e.Resource.Id).Order()];
        List<string> Wanted(string names) =>
            [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(name => data.Ids[name]).Order()];
        Assert.Equal(Wanted(matches), Found(Bundle.SearchEntryMode.Match));
        Assert.Equal(Wanted(included), Found(Bundle.SearchEntryMode.Include));
        Assert.Equal(Wanted(matches).Count, bundle.Total);
    }

    public static TheoryData<string, string, string> CompartmentAndSystemRows => new()
    {
        // path (ids in braces), query, expected symbolic ids
        { "Patient/{p1}/Observation", "", "o1" },
        { "Patient/{p1}/Observation", "code=29463-7", "o1" },
        { "Patient/{p1}/Observation", "code=8302-2", "" },
        { "Patient/{p2}/Observation", "", "o2" },
        { "Patient/{p1}/RiskAssessment", "", "r1" },
        { "Patient/{p1}/DiagnosticReport", "", "" },
        { "Patient/{p1}/*", "", "p1,o1,r1" },
        { "Patient/{p3}/*", "", "p3,o3" },
        { "Patient/{p2}/*", "", "p2,o2,d2,m1" },
        { "Patient/{p1}/Patient", "", "p1" },
        { "", "_id={p1},{o1}", "p1,o1" },
        { "", "_type=Patient&gender=female", "p1,p3" },
        { "", "_type=Patient,Observation&_id={p1},{o2}", "p1,o2" },
        { "", "_type=Observation,RiskAssessment&subject=Patient/{p1}", "o1,r1" },
        { "", "_type=Patient,Observation", "p1,p2,p3,o1,o2,o3" },
    };

    [Theory]
    [MemberData(nameof(CompartmentAndSystemRows))]
    public async Task Compartment_and_system_searches_return_exactly_the_expected_resources(string path, string query, string expected)
    {
        var data = await SearchData.ForAsync(server);
        using var response = await server.Client.GetAsync($"{data.Resolve(path)}?{data.Query(query)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await FhirHttp.ReadAsync<Bundle>(response);
        var found = bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource.Id).Order().ToList();
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(name => data.Ids[name]).Order(), found);
    }

    [Theory]
    [InlineData("Patient/x/Organization", HttpStatusCode.NotFound)]
    [InlineData("?_type=Patient,Observation&gender=female", HttpStatusCode.BadRequest)]
    [InlineData("?_type=Nothing", HttpStatusCode.BadRequest)]
    [InlineData("Patient/x/Observation?_include=Observation:shoe", HttpStatusCode.OK)]
    public async Task Bad_compartment_or_system_search_gets_an_outcome(string url, HttpStatusCode status)
    {
        using var response = await server.Client.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        if (status != HttpStatusCode.OK)
        {
            await FhirHttp.ReadAsync<OperationOutcome>(response);
        }
    }

    [Fact]
    public async Task Unknown_include_is_reported_when_lenient_and_refused_when_strict()
    {
        var data = await SearchData.ForAsync(server);
        var lenient = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?{data.Query("_include=Patient:shoe-size")}"));
        Assert.Contains(lenient.Entry, e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome);

        using var strict = new HttpRequestMessage(HttpMethod.Get, $"Patient?{data.Query("_include=Patient:shoe-size")}");
        strict.Headers.TryAddWithoutValidation("Prefer", "handling=strict");
        using var response = await server.Client.SendAsync(strict);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public static TheoryData<string, string, string> SortRows => new()
    {
        // type, query, expected symbolic ids in order
        { "Patient", "_sort=birthdate", "p1,p2,p3" },
        { "Patient", "_sort=-birthdate", "p3,p2,p1" },
        { "Patient", "_sort=family", "p1,p2,p3" },
        { "Patient", "_sort=-family", "p3,p2,p1" },
        { "Patient", "_sort=gender,-birthdate", "p3,p1,p2" },
        { "Patient", "_sort=-gender,birthdate", "p2,p1,p3" },
        { "Patient", "_sort=_lastUpdated", "p1,p2,p3" },
        { "Patient", "_sort=-active,birthdate", "p1,p2,p3" },
        { "Patient", "_sort=given&gender=female", "p1,p3" },
        { "Observation", "_sort=value-quantity", "o1,o2,o3" },
        { "Observation", "_sort=-value-quantity", "o2,o1,o3" },
        { "Observation", "_sort=-date", "o2,o1,o3" },
        { "Observation", "_sort=code", "o1,o2,o3" },
        { "Observation", "_sort=-code", "o3,o2,o1" },
    };

    [Theory]
    [MemberData(nameof(SortRows))]
    public async Task Sort_orders_the_matches(string type, string query, string expected)
    {
        var data = await SearchData.ForAsync(server);
        var bundle = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"{type}?{data.Query(query)}"));
        Assert.Equal(expected.Split(',').Select(name => data.Ids[name]), bundle.Entry.Select(e => e.Resource.Id));
    }

    [Theory]
    [InlineData("_sort=-birthdate&_count=1", "p3,p2,p1")]
    [InlineData("_count=1", "p1,p2,p3")]
    public async Task Next_and_previous_links_walk_the_pages_both_ways(string query, string expected)
    {
        var data = await SearchData.ForAsync(server);
        var forward = new List<string>();
        var backward = new List<string>();
        string? url = $"Patient?{data.Query(query)}";
        Bundle page = null!;
        while (url is not null)
        {
            page = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync(url));
            forward.AddRange(page.Entry.Select(e => e.Resource.Id));
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        while (page is not null)
        {
            backward.InsertRange(0, page.Entry.Select(e => e.Resource.Id));
            url = page.Link.FirstOrDefault(l => l.Relation == "previous")?.Url;
            page = url is null ? null! : await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync(url));
        }

        var wanted = expected.Split(',').Select(name => data.Ids[name]).ToList();
        Assert.Equal(wanted, forward);
        Assert.Equal(wanted, backward);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&_sort=birthdate")]
    public async Task Pages_after_the_first_read_its_snapshot_while_others_write(string sort)
    {
        var tag = Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        for (var year = 1930; year < 1933; year++)
        {
            var patient = new Patient { BirthDate = $"{year}-01-01", Meta = new Meta { Tag = [new Coding("urn:esmsdui:test", tag)] } };
            using var created = await server.Client.PostAsync("Patient", FhirHttp.Json(patient));
            ids.Add((await FhirHttp.ReadAsync<Patient>(created)).Id);
        }

        var first = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?_tag=urn:esmsdui:test|{tag}&_count=2{sort}"));
        Assert.Equal(ids.Take(2), first.Entry.Select(e => e.Resource.Id));

        // Writes between the pages: an update of a resource already seen, and a new match.
        var seen = (Patient)first.Entry[0].Resource;
        seen.BirthDate = "1935-01-01";
        (await server.Client.PutAsync($"Patient/{seen.Id}", FhirHttp.Json(seen))).EnsureSuccessStatusCode();
        var late = new Patient { BirthDate = "1929-01-01", Meta = new Meta { Tag = [new Coding("urn:esmsdui:test", tag)] } };
        (await server.Client.PostAsync("Patient", FhirHttp.Json(late))).EnsureSuccessStatusCode();

        var second = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync(first.Link.Single(l => l.Relation == "next").Url));
        Assert.Equal([ids[2]], second.Entry.Select(e => e.Resource.Id));
        Assert.DoesNotContain(second.Link, l => l.Relation == "next");
    }

    [Fact]
    public async Task Search_pages_with_next_links()
    {
        var data = await SearchData.ForAsync(server);
        var seen = new List<string>();
        string? url = $"Patient?{data.Query("_count=2")}";
        while (url is not null)
        {
            var page = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync(url));
            Assert.True(page.Entry.Count <= 2);
            seen.AddRange(page.Entry.Select(e => e.Resource.Id));
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        Assert.Equal(new[] { "p1", "p2", "p3" }.Select(n => data.Ids[n]).Order(), seen.Order());
    }

    [Fact]
    public async Task Summary_count_returns_the_total_without_entries()
    {
        var data = await SearchData.ForAsync(server);
        var bundle = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?{data.Query("gender=female&_summary=count")}"));
        Assert.Equal(2, bundle.Total);
        Assert.Empty(bundle.Entry);
    }

    [Fact]
    public async Task Elements_reduce_each_entry_but_keep_its_id_and_meta()
    {
        var data = await SearchData.ForAsync(server);
        var bundle = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?{data.Query("_id={p1}&_elements=gender")}"));
        var patient = (Patient)Assert.Single(bundle.Entry).Resource;
        Assert.Equal(data.Ids["p1"], patient.Id);
        Assert.Equal(AdministrativeGender.Female, patient.Gender);
        Assert.Empty(patient.Name);
        Assert.Contains(patient.Meta.Tag, t => t.Code == "SUBSETTED");
    }

    [Theory]
    [InlineData("true")]
    [InlineData("data")]
    [InlineData("text")]
    public async Task Summary_on_a_search_subsets_every_entry(string summary)
    {
        var data = await SearchData.ForAsync(server);
        var bundle = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?{data.Query("_id={p1}&_summary=" + summary)}"));
        var patient = (Patient)Assert.Single(bundle.Entry).Resource;
        Assert.Equal(data.Ids["p1"], patient.Id);
        Assert.Contains(patient.Meta.Tag, t => t.Code == "SUBSETTED");
        Assert.Equal(summary == "text", patient.Name.Count == 0);
    }

    [Fact]
    public async Task Post_search_with_a_form_body_equals_get()
    {
        var data = await SearchData.ForAsync(server);
        using var content = new FormUrlEncodedContent(QueryPairs(data.Query("gender=female")));
        using var response = await server.Client.PostAsync("Patient/_search", content);
        var bundle = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal(2, bundle.Total);
    }

    [Fact]
    public async Task Unknown_parameter_is_ignored_and_reported_when_lenient_and_refused_when_strict()
    {
        var data = await SearchData.ForAsync(server);
        var lenient = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?{data.Query("shoe-size=42")}"));
        Assert.Equal(3, lenient.Total);
        Assert.Contains(lenient.Entry, e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome && e.Resource is OperationOutcome);

        using var strict = new HttpRequestMessage(HttpMethod.Get, $"Patient?{data.Query("shoe-size=42")}");
        strict.Headers.TryAddWithoutValidation("Prefer", "handling=strict");
        using var response = await server.Client.SendAsync(strict);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Theory]
    [InlineData("Condition?code:below=http://snomed.info/sct|404684003")]
    [InlineData("Condition?clinical-status:below=http://terminology.hl7.org/CodeSystem/condition-clinical|unknown-code")]
    [InlineData("Condition?clinical-status:above=urn:esmsdui:no-such-system|x")]
    public async Task Subsumption_the_server_cannot_answer_returns_422_naming_why(string url)
    {
        using var response = await server.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Contains(outcome.Issue, i => i.Diagnostics?.Contains("below", StringComparison.Ordinal) == true || i.Diagnostics?.Contains("is not in", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("Patient?birthdate=yesterday")]
    [InlineData("Patient?birthdate=xx1942")]
    [InlineData("Patient?active:missing=maybe")]
    [InlineData("Patient?name:unknownmodifier=x")]
    [InlineData("Observation?subject.shoe-size=42")]
    [InlineData("Observation?status.name=x")]
    [InlineData("Observation?subject:Unknown.name=x")]
    [InlineData("Patient?_has:Observation:code=x")]
    [InlineData("Patient?_has:Unknown:patient:code=x")]
    [InlineData("Patient?_has:Observation:patient:shoe-size=42")]
    [InlineData("Patient?_has:Observation:status:code=x")]
    [InlineData("Patient?_count=many")]
    [InlineData("Patient?_offset=-1")]
    [InlineData("Observation?code-value-quantity=29463-7")]
    [InlineData("Observation?code-value-quantity=29463-7$1$2")]
    [InlineData("Observation?code-value-quantity=29463-7$heavy")]
    [InlineData("Patient?identifier:of-type=sys|code")]
    [InlineData("Patient?identifier:of-type=|code|value")]
    [InlineData("Patient?_snapshot=abc")]
    [InlineData("RiskAssessment?probability=high")]
    [InlineData("Observation?value-quantity=gt")]
    [InlineData("Observation?value-quantity=xx5||kg")]
    [InlineData("Condition?clinical-status:below=active")]
    [InlineData("Condition?clinical-status:above=|active")]
    [InlineData("Observation?_contained=maybe")]
    [InlineData("Observation?_contained=true&_containedType=contained")]
    [InlineData("Observation?_contained=true&_containedType=other")]
    [InlineData("Observation?_contained=true&_sort=date")]
    [InlineData("Observation?_contained=true&code:not=x")]
    [InlineData("Observation?_contained=true&code:missing=true")]
    [InlineData("Observation?_contained=true&subject.name=x")]
    [InlineData("?_contained=true")]
    [InlineData("Patient/x/Observation?_contained=true")]
    public async Task Malformed_or_unsupported_search_returns_400(string url)
    {
        using var response = await server.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    private static IEnumerable<KeyValuePair<string, string>> QueryPairs(string query) =>
        query.Split('&').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], Uri.UnescapeDataString(p[1])));
}

[Collection(SqliteServers.Name)]
public sealed class SqliteSearchTests(SqliteServerFixture server) : SearchTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresSearchTests(PostgresServerFixture server) : SearchTests(server);
