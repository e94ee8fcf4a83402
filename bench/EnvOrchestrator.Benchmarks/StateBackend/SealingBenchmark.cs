using System.Diagnostics;
using System.Globalization;
using System.Text;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace EnvOrchestrator.Benchmarks.StateBackend;

/// <summary>
/// What sealing Terraform states with the key ring costs per write and per read (Data Protection's authenticated
/// encryption), on state documents of 64 KB and 1 MB, through the in-memory store so only the sealing is measured.
/// </summary>
internal sealed class SealingBenchmark : IBenchmarkCommand
{
    public string Name => "sealing";

    public string Description => "cost of sealing Terraform states at rest (write and read, 64 KB and 1 MB)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var keyRing = Directory.CreateTempSubdirectory("envorch-bench-keyring-");
        try
        {
            var protector = DataProtectionProvider.Create(keyRing).CreateProtector(SealingTerraformStateStore.Purpose);
            foreach (var size in new[] { 64 * 1024, 1024 * 1024 })
            {
                var state = State(size);
                var plain = new InMemoryTerraformStateStore(TimeProvider.System, 0);
                var sealedStore = new SealingTerraformStateStore(new InMemoryTerraformStateStore(TimeProvider.System, 0), protector);
                var address = TerraformStateAddress.Create("bench", "state.x");
                await plain.RegisterAsync(address, cancellationToken);
                await sealedStore.RegisterAsync(address, cancellationToken);
                var label = size >= 1024 * 1024 ? "1mb" : "64kb";
                var plainWrite = await MedianAsync(() => plain.WriteStateAsync(address, null, state, cancellationToken));
                var sealedWrite = await MedianAsync(() => sealedStore.WriteStateAsync(address, null, state, cancellationToken));
                var plainRead = await MedianAsync(() => plain.GetStateAsync(address, cancellationToken));
                var sealedRead = await MedianAsync(() => sealedStore.GetStateAsync(address, cancellationToken));
                Print($"sealing.write_{label}_ms", sealedWrite - plainWrite);
                Print($"sealing.read_{label}_ms", sealedRead - plainRead);
                Print($"sealing.size_overhead_{label}_bytes", sealedStore.Seal(state).Length - state.Length);
            }

            return 0;
        }
        finally
        {
            keyRing.Delete(recursive: true);
        }
    }

    private static async Task<double> MedianAsync<T>(Func<Task<T>> action)
    {
        for (var i = 0; i < 5; i++)
        {
            await action();
        }

        var times = new List<double>();
        for (var i = 0; i < 41; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>A state-shaped JSON document of about <paramref name="size"/> bytes.</summary>
    private static byte[] State(int size)
    {
        var text = new StringBuilder("{\"version\":4,\"serial\":1,\"resources\":[");
        for (var i = 0; text.Length < size; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"terraform_data\",\"name\":\"r{i}\",\"instances\":[{{\"attributes\":{{\"id\":\"{Guid.NewGuid()}\",\"input\":\"value-{i}\"}}}}]}},");
        }

        text.Append("{}]}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Print(string metric, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} {value:0.###}"));
}
