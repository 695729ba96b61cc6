using System.Net;
using System.Text;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Server.IntegrationTests.Rest;

public abstract class FormatAndErrorTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Xml_in_and_xml_out()
    {
        var xml = """<Patient xmlns="http://hl7.org/fhir"><name><family value="Muller"/><given value="Zoé"/></name><gender value="female"/></Patient>""";
        using var created = await _client.PostAsync("Patient", FhirHttp.Json(xml, "application/fhir+xml"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, created.Headers.Location);
        request.Headers.Accept.ParseAdd("application/fhir+xml");
        using var read = await _client.SendAsync(request);
        Assert.Equal("application/fhir+xml", read.Content.Headers.ContentType?.MediaType);
        var patient = new FhirXmlDeserializer(new DeserializerSettings()).DeserializeResource(await read.Content.ReadAsStringAsync());
        Assert.Equal("Zoé", ((Patient)patient).Name[0].Given.Single());
    }

    [Fact]
    public async Task Format_parameter_overrides_accept()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"Patient/{patient.Id}?_format=xml&_pretty=true");
        request.Headers.Accept.ParseAdd("application/fhir+json");
        using var response = await _client.SendAsync(request);
        Assert.Equal("application/fhir+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Patient\",", "application/fhir+json")]
    [InlineData("{\"resourceType\":\"Patient\",\"gender\":12}", "application/fhir+json")]
    [InlineData("{\"resourceType\":\"Patient\",\"unknownElement\":true}", "application/fhir+json")]
    [InlineData("{\"name\":[{\"family\":\"X\"}]}", "application/fhir+json")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"female\"></Patient>", "application/fhir+xml")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Patient xmlns=\"http://hl7.org/fhir\"/>", "application/fhir+xml")]
    public async Task Malformed_bodies_return_400_operation_outcome(string body, string contentType)
    {
        using var response = await _client.PostAsync("Patient", FhirHttp.Json(body, contentType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.NotEmpty(outcome.Issue);
    }

    [Fact]
    public async Task Deeply_nested_json_returns_400()
    {
        var body = "{\"resourceType\":\"Patient\",\"extension\":" + string.Concat(Enumerable.Repeat("[{\"extension\":", 200)) + "[]" + string.Concat(Enumerable.Repeat("}]", 200)) + "}";
        using var response = await _client.PostAsync("Patient", FhirHttp.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Body_of_another_type_than_the_url_returns_400()
    {
        using var response = await _client.PostAsync("Observation", FhirHttp.Json(FhirHttp.NewPatient()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task Unsupported_content_type_returns_415()
    {
        using var response = await _client.PostAsync("Patient", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task Write_asking_an_unknown_format_returns_406_and_stores_nothing()
    {
        var patient = await FhirHttp.CreatePatientAsync(_client);
        using var response = await _client.DeleteAsync($"Patient/{patient.Id}?_format=pdf");
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        using var read = await _client.GetAsync($"Patient/{patient.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Unsupported_method_returns_405()
    {
        using var response = await _client.DeleteAsync("metadata");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task Body_over_the_limit_returns_413_before_it_is_read()
    {
        // A raw socket: the server answers as soon as it sees the Content-Length, before the body arrives.
        var uri = new Uri(server.BaseUrl);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST {uri.AbsolutePath}/Patient HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/fhir+json\r\nContent-Length: {100L * 1024 * 1024}\r\n\r\n{{\"resourceType\":\"Patient\"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var statusLine = await reader.ReadLineAsync();
        Assert.StartsWith("HTTP/1.1 413", statusLine);
    }

    [Fact]
    public async Task Unknown_route_outside_the_fhir_base_returns_404_operation_outcome()
    {
        using var response = await new HttpClient().GetAsync(server.BaseUrl.Replace("/fhir", "/admin/index.html", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Two_concurrent_creates_of_the_same_new_id_give_one_201_and_one_409()
    {
        for (var round = 0; round < 5; round++)
        {
            var id = "race-" + Guid.NewGuid().ToString("N")[..12];
            var creates = Enumerable.Range(0, 2).Select(async _ =>
            {
                var patient = FhirHttp.NewPatient();
                patient.Id = id;
                using var response = await _client.PutAsync($"Patient/{id}", FhirHttp.Json(patient));
                return response.StatusCode;
            });
            var statuses = await Task.WhenAll(creates);

            // Either the second PUT saw the first (an update) or it lost the race (a conflict); never two versions 1.
            Assert.Contains(HttpStatusCode.Created, statuses);
            Assert.True(statuses.Order().SequenceEqual([HttpStatusCode.OK, HttpStatusCode.Created]) || statuses.Order().SequenceEqual([HttpStatusCode.Created, HttpStatusCode.Conflict]), string.Join(",", statuses));
        }
    }

    [Fact]
    public async Task Two_concurrent_updates_with_the_same_if_match_give_one_200_and_one_412()
    {
        for (var round = 0; round < 5; round++)
        {
            var patient = await FhirHttp.CreatePatientAsync(_client);
            var updates = Enumerable.Range(0, 2).Select(async i =>
            {
                var copy = (Patient)patient.DeepCopy();
                copy.BirthDate = $"194{i}-01-01";
                using var request = new HttpRequestMessage(HttpMethod.Put, $"Patient/{patient.Id}") { Content = FhirHttp.Json(copy) };
                request.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");
                using var response = await _client.SendAsync(request);
                return response.StatusCode;
            });
            var statuses = await Task.WhenAll(updates);
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], statuses.Order());
        }
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteFormatAndErrorTests(SqliteServerFixture server) : FormatAndErrorTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresFormatAndErrorTests(PostgresServerFixture server) : FormatAndErrorTests(server);
