using System.Diagnostics;
using System.Globalization;

namespace EsmsDui.Benchmarks;

/// <summary>Times GET requests one after the other (after a warm-up) and prints p50, p95 and max.</summary>
internal static class QueryLatency
{
    public static async Task MeasureAsync(HttpClient client, string name, Func<string> url, int iterations, int warmUp, int nameWidth)
    {
        var times = new List<double>(iterations);
        for (var i = 0; i < iterations + warmUp; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(url());
            response.EnsureSuccessStatusCode();
            await response.Content.CopyToAsync(Stream.Null);
            if (i >= warmUp)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name.PadRight(nameWidth)} p50 {times[times.Count / 2],7:F1} ms   p95 {times[(int)(times.Count * 0.95)],7:F1} ms   max {times[^1],7:F1} ms"));
    }
}
