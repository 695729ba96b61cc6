using System.Net.Http.Headers;
using System.Text;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>Small helpers to send and read FHIR JSON in tests.</summary>
public static class FhirHttp
{
    public static readonly FhirSerializer Serializer = new();

    public static HttpContent Json(Resource resource) => Json(Encoding.UTF8.GetString(Serializer.SerializeJson(resource)));

    public static HttpContent Json(string json, string contentType = "application/fhir+json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
        where T : Resource
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var resource = Serializer.ParseJson(bytes);
        return resource as T ?? throw new InvalidOperationException($"Expected {typeof(T).Name}, got {resource.TypeName}: {Encoding.UTF8.GetString(bytes)}");
    }

    public static Patient NewPatient(string family = "Dupont", string given = "Hélène") => new()
    {
        Name = [new HumanName { Family = family, Given = [given] }],
        Gender = AdministrativeGender.Female,
        BirthDate = "1942-03-15",
    };

    public static async Task<Patient> CreatePatientAsync(HttpClient client, string family = "Dupont")
    {
        using var response = await client.PostAsync("Patient", Json(NewPatient(family)));
        response.EnsureSuccessStatusCode();
        return await ReadAsync<Patient>(response);
    }
}
