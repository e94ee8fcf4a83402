using System.Text.Json;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Functions.Tests.EndToEnd;

/// <summary>Two service processes on one storage account and task hub: they share the work, and one finishes what the other left.</summary>
public sealed class ScaleOutTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Environments = 4;

    // Two service starts, four deploys of two resources (3 s each) and a partition lease of 6 s: ≈ 40 s idle.
    [Fact(Timeout = 300_000)]
    public async Task Deploy_TwoInstancesOneKilled_BothWorkedAndTheSurvivorFinishesEverything()
    {
        var first = ServiceSettings.Create(azurite.ConnectionString);
        first.Values["TaskHub:PartitionLeaseInterval"] = "00:00:06";
        first.Values["TaskHub:PartitionLeaseRenewInterval"] = "00:00:02";
        first.Values["TaskHub:WorkItemVisibilityTimeout"] = "00:00:10";
        first.Values["TaskHub:ControlQueueVisibilityTimeout"] = "00:00:10";
        first.Values["Terraform:LockTimeout"] = "00:00:05";
        var second = first.SecondInstance();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(280));
        await using var survivor = await ServiceProcess.StartAsync(second, output, cts.Token);
        var victim = await ServiceProcess.StartAsync(first, output, cts.Token);
        using var client = new EnvironmentClient(first.BaseAddress);
        using var watcher = new RunFolderWatch(first.Values["Terraform:WorkRoot"], second.Values["Terraform:WorkRoot"]);
        await using (victim)
        {
            for (var i = 0; i < Environments; i++)
            {
                await client.CreateAsync("team-b", new { name = $"shared-{i}", template = "cache-only@1.0.0", inputs = new { delay_seconds = 3 } }, cts.Token);
            }

            // Killed once both have run Terraform, while work is still in flight: a machine lost with its processes.
            await watcher.WaitBothBusyAsync(cts.Token);
            victim.Kill();
            output.WriteLine($"killed instance {victim.Id}");
        }

        using var remaining = new EnvironmentClient(second.BaseAddress);
        var ready = new List<JsonElement>();
        for (var i = 0; i < Environments; i++)
        {
            ready.Add(await remaining.WaitForStatusAsync("team-b", $"shared-{i}", "Ready", cts.Token));
        }

        Assert.True(watcher.FirstWasBusy, "the first instance never ran Terraform");
        Assert.True(watcher.SecondWasBusy, "the second instance never ran Terraform");
        Assert.All(ready, e => Assert.All(e.GetProperty("resources").EnumerateArray(), r => Assert.Equal("Succeeded", r.GetProperty("status").GetString())));
    }

    /// <summary>Samples both instances' Terraform work folders: a run folder exists while a Terraform run is under way.</summary>
    private sealed class RunFolderWatch : IDisposable
    {
        private readonly string _first;
        private readonly string _second;
        private readonly Timer _timer;
        private int _firstBusy;
        private int _secondBusy;

        public RunFolderWatch(string first, string second)
        {
            _first = first;
            _second = second;
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        }

        public bool FirstWasBusy => Volatile.Read(ref _firstBusy) == 1;

        public bool SecondWasBusy => Volatile.Read(ref _secondBusy) == 1;

        public async Task WaitBothBusyAsync(CancellationToken cancellationToken)
        {
            while (!(FirstWasBusy && SecondWasBusy))
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            if (HasRunFolder(_first))
            {
                Volatile.Write(ref _firstBusy, 1);
            }

            if (HasRunFolder(_second))
            {
                Volatile.Write(ref _secondBusy, 1);
            }
        }

        private static bool HasRunFolder(string workRoot)
        {
            try
            {
                return Directory.Exists(workRoot) && Directory.EnumerateDirectories(workRoot).Any(d => !Path.GetFileName(d).StartsWith('.'));
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
