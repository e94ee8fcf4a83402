using System.Text.Json;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Hosting.Tests.EndToEnd;

/// <summary>Two service processes on one storage account and task hub: they share the work, and one finishes what the other left.</summary>
public sealed class ScaleOutTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    // Enough for both instances to take work even when one starts polling late (a loaded CI machine).
    private const int MaxEnvironments = 12;

    // Two service starts, a handful of 3-second deploys and a partition lease of 6 s: ≈ 40 s idle.
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
        var environments = 0;
        await using (victim)
        {
            // One at a time until both instances have run Terraform: where the work lands depends on which instance
            // polls first, so a fixed batch could all go to one of them.
            while (environments < MaxEnvironments && !watcher.BothBusy)
            {
                await client.CreateAsync("team-b", new { name = $"shared-{environments++}", template = "cache-only@1.0.0", inputs = new { delay_seconds = 3 } }, cts.Token);
                await watcher.WaitBothBusyAsync(TimeSpan.FromSeconds(4), cts.Token);
            }

            Assert.True(watcher.BothBusy, $"after {environments} environments the instances had not both run Terraform (first: {watcher.FirstWasBusy}, second: {watcher.SecondWasBusy})");

            // Killed once both have run Terraform, while work is still in flight: a machine lost with its processes.
            victim.Kill();
            output.WriteLine($"killed instance {victim.Id}");
        }

        using var remaining = new EnvironmentClient(second.BaseAddress);
        var ready = new List<JsonElement>();
        for (var i = 0; i < environments; i++)
        {
            ready.Add(await remaining.WaitForStatusAsync("team-b", $"shared-{i}", "Ready", cts.Token));
        }

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

        public bool BothBusy => FirstWasBusy && SecondWasBusy;

        public async Task WaitBothBusyAsync(TimeSpan atMost, CancellationToken cancellationToken)
        {
            using var window = new CancellationTokenSource(atMost);
            while (!BothBusy && !window.IsCancellationRequested)
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
