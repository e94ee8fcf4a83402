using System.Diagnostics;
using System.Globalization;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnvOrchestrator.Benchmarks.Storage;

/// <summary>
/// The expiry query of the Table Storage environment store: a fresh in-memory Azurite, N environments (default
/// 10,000; <c>--count 100000</c>) in 50 projects with expiries spread over 72 hours, about 1.4 % of them already
/// due, then <c>FindExpiringAsync(now, limit)</c> timed (median of <c>--runs</c>, default 5). The first query after
/// an extension of a third of the due environments (at most 50) (stale index rows to drop) is timed separately.
/// </summary>
internal sealed class ExpiryBenchmark : IBenchmarkCommand
{
    private const int InsertParallelism = 16;

    public string Name => "storage";

    public string Description => "environment store on Azurite: FindExpiringAsync over N environments (--count, default 10,000)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var count = Option(args, "--count", 10_000);
        var limit = Option(args, "--limit", 100);
        var runs = Option(args, "--runs", 5);

        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { InMemory = true }, NullLogger.Instance, cancellationToken);
        var clients = new EnvironmentStorageClients(new EnvironmentStorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = "bench" });
        await new EnvironmentStorageInitializer(clients, NullLogger<EnvironmentStorageInitializer>.Instance).EnsureCreatedAsync(cancellationToken);
        var index = new ExpiryIndex(clients, NullLogger<ExpiryIndex>.Instance);
        var store = new TableEnvironmentStore(
            clients, new DocumentColumns(clients, NullLogger<DocumentColumns>.Instance), index, NullLogger<TableEnvironmentStore>.Instance);

        var now = TimeProvider.System.GetUtcNow();
        var insert = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = InsertParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                // Interleaved so that inserts do not arrive in expiry order.
                var slot = (i * 7919L) % count;
                var expiresAt = now.AddHours(-1).AddTicks(TimeSpan.FromHours(72).Ticks / count * slot);
                await store.CreateAsync(Environment(i, now, expiresAt), ct);
            });
        insert.Stop();
        Print("storage.environments", count);
        Print("storage.insert_per_s", count / insert.Elapsed.TotalSeconds);

        var due = await store.FindExpiringAsync(now, int.MaxValue, cancellationToken);
        Print("storage.due_total", due.Length);

        // Extend a third of the due environments (at most 50): their old index rows become stale and the next
        // query must drop them.
        foreach (var expired in due.Take(Math.Min(50, due.Length / 3)))
        {
            var environment = (await store.FindAsync(expired.Id, cancellationToken))!;
            await store.SaveAsync(environment with { ExpiresAt = now.AddDays(30), ExtensionCount = 1 }, environment.Version!, cancellationToken);
        }

        var stale = Stopwatch.StartNew();
        await store.FindExpiringAsync(now, limit, cancellationToken);
        Print("storage.find_expiring_with_stale_ms", stale.Elapsed.TotalMilliseconds);

        var timings = new List<double>();
        var found = 0;
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            found = (await store.FindExpiringAsync(now, limit, cancellationToken)).Length;
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        var scan = Stopwatch.StartNew();
        await foreach (var page in index.DueAsync(now, limit, cancellationToken))
        {
            break;
        }

        Print("storage.index_page_ms", scan.Elapsed.TotalMilliseconds);
        var point = Stopwatch.StartNew();
        await store.FindAsync(due[^1].Id, cancellationToken);
        Print("storage.point_read_ms", point.Elapsed.TotalMilliseconds);
        Print("storage.find_expiring_found", found);
        Print("storage.find_expiring_ms", timings.Order().ElementAt(timings.Count / 2));
        return 0;
    }

    private static EnvironmentRecord Environment(int i, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var id = EnvironmentId.Parse(string.Create(CultureInfo.InvariantCulture, $"proj-{i % 50:D2}"), string.Create(CultureInfo.InvariantCulture, $"env-{i:D6}"));
        var resource = new ResourceRecord { Name = "cache", Template = Reference("redis-cache@^1"), Status = ResourceStatus.Succeeded, Outputs = MapValue.Empty.Entries.Add("host", Value.Of("cache.example")) };
        return EnvironmentRecord.Create(id, Reference("web-stack@^1"), new SemVersion(1, 0, 0), MapValue.Empty.Entries.Add("region", Value.Of("westeurope")), [resource], "bench", now, expiresAt)
            with { Status = EnvironmentStatus.Ready };
    }

    private static TemplateReference Reference(string text) =>
        TemplateReference.TryParse(text, out var reference) ? reference : throw new ArgumentException(text, nameof(text));

    private static void Print(string metric, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} {value:0.##}"));

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        return fallback;
    }
}
