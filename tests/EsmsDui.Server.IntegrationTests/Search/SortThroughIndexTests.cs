using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Search;

/// <summary>
/// <c>_sort</c> over more matches than are ordered by their computed keys (over 2,000: the pages are read through the
/// index of the first key): every page in order, resources without a value last, later keys ordering equal first
/// keys, no resource lost or repeated across pages.
/// </summary>
public abstract class SortThroughIndexTests(ServerFixture server)
{
    private const int Patients = 2_400;
    private static readonly string[] Families = [.. Enumerable.Range(0, 30).Select(i => "Nom" + (char)('a' + (i % 26)) + (char)('a' + (i / 26)))];

    [Fact]
    public async Task Pages_sorted_by_several_keys_follow_the_keys_and_hold_every_match_once()
    {
        var expected = await DataAsync();

        var read = await AllPagesAsync("Patient?_sort=family,-birthdate&_count=500");

        Assert.Equal(Patients, read.Count);
        Assert.Equal(Patients, read.Select(p => p.Id).Distinct().Count());
        var byFamilyThenBirthDesc = expected.OrderBy(p => p.Family, StringComparer.Ordinal)
            .ThenBy(p => p.BirthDate is null ? 1 : 0).ThenByDescending(p => p.BirthDate, StringComparer.Ordinal)
            .Select(p => (p.Family, p.BirthDate)).ToList();
        Assert.Equal(byFamilyThenBirthDesc, read.Select(p => (p.Name[0].Family, p.BirthDate)).ToList());
    }

    [Theory]
    [InlineData("-birthdate", true)]
    [InlineData("birthdate", false)]
    public async Task Pages_sorted_by_a_date_put_resources_without_one_last(string sort, bool descending)
    {
        var expected = await DataAsync();

        var read = await AllPagesAsync($"Patient?_sort={sort}&_count=300");

        var dates = read.Select(p => p.BirthDate).ToList();
        var withDate = dates.TakeWhile(d => d is not null).ToList();
        Assert.Equal(Patients, read.Select(p => p.Id).Distinct().Count());
        Assert.Equal(expected.Count(p => p.BirthDate is not null), withDate.Count);
        Assert.All(dates.Skip(withDate.Count), Assert.Null);
        Assert.Equal(descending ? withDate.OrderDescending(StringComparer.Ordinal) : withDate.Order(StringComparer.Ordinal), withDate);
    }

    [Fact]
    public async Task A_page_far_down_is_the_one_the_next_links_reach()
    {
        await DataAsync();
        var all = await AllPagesAsync("Patient?_sort=family&_count=100");

        var page = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync("Patient?_sort=family&_count=100&_offset=1700"));

        Assert.Equal(all.Skip(1700).Take(100).Select(p => p.Name[0].Family), page.Entry.Select(e => ((Patient)e.Resource).Name[0].Family));
    }

    private async Task<List<Patient>> AllPagesAsync(string query)
    {
        var patients = new List<Patient>();
        for (string? url = query; url is not null;)
        {
            using var response = await server.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await FhirHttp.ReadAsync<Bundle>(response);
            patients.AddRange(page.Entry.Select(e => e.Resource).OfType<Patient>());
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        return patients;
    }

    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static readonly Dictionary<ServerFixture, List<(string Family, string? BirthDate)>> Loaded = [];

    // 2,400 patients: 30 family names (many ties), a tenth without birth date.
    private async Task<List<(string Family, string? BirthDate)>> DataAsync()
    {
        await Loading.WaitAsync();
        try
        {
            if (Loaded.TryGetValue(server, out var known))
            {
                return known;
            }

            var random = new Random(5);
            var data = Enumerable.Range(0, Patients).Select(_ => (
                Family: Families[random.Next(Families.Length)],
                BirthDate: random.Next(10) == 0 ? null : $"19{random.Next(20, 60)}-{random.Next(1, 13):00}-{random.Next(1, 29):00}")).ToList();
            foreach (var chunk in data.Chunk(600))
            {
                var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
                foreach (var (family, birthDate) in chunk)
                {
                    bundle.Entry.Add(new Bundle.EntryComponent
                    {
                        FullUrl = "urn:uuid:" + Guid.NewGuid(),
                        Resource = new Patient { Name = [new HumanName { Family = family, Given = ["Tri"] }], BirthDate = birthDate },
                        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" },
                    });
                }

                using var response = await server.Client.PostAsync(string.Empty, FhirHttp.Json(bundle));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Loaded[server] = data;
            return data;
        }
        finally
        {
            Loading.Release();
        }
    }
}

/// <summary>A SQLite server of its own: its patients are the only ones.</summary>
public sealed class SortSqliteServer : SqliteServerFixture;

/// <summary>A PostgreSQL server of its own.</summary>
public sealed class SortPostgresServer : PostgresServerFixture;

public sealed class SqliteSortThroughIndexTests(SortSqliteServer server) : SortThroughIndexTests(server), IClassFixture<SortSqliteServer>;

public sealed class PostgresSortThroughIndexTests(SortPostgresServer server) : SortThroughIndexTests(server), IClassFixture<SortPostgresServer>;
