using System.Diagnostics;
using System.Runtime.Versioning;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Terraform.Execution;
using EnvOrchestrator.Terraform.Tests.Support;
using Xunit.Abstractions;

namespace EnvOrchestrator.Terraform.Tests.Real;

/// <summary>
/// The service that runs Terraform and serves its state backend dies (SIGKILL) or its backend is away while Terraform
/// saves state: no apply may be lost or repeated. Module <c>recover</c> creates <c>first</c>, then holds Terraform in a
/// read (the <see cref="GateServer"/>, a provider call in flight), then creates <c>second</c>; creates are counted in a
/// trace file.
/// </summary>
[Collection(RealTerraformGroup.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class ServiceDeathTests(ITestOutputHelper output)
{
    // Before the supervising shell, the dying service's threads sent Terraform several SIGTERMs; Terraform took the
    // second for "cancel now", exited five seconds later without saving, and the retry created `first` again.
    // With the drain, the orphaned Terraform finishes the apply itself. Without one the outcome is a race (CI saw
    // `second` tainted and replaced), which the provisioner test below pins down deterministically.
    [Fact(Timeout = 150_000)]
    public async Task ApplyAsync_ServiceKilledDuringTwoApplies_StateSavedOnRestartAndNothingAppliedTwice()
    {
        var drainSeconds = (int)new TerraformRunnerOptions().OrphanDrain.TotalSeconds;
        // The runner of this test process is the restarted service; the fake service is a process of its own.
        await using var context = await TerraformTestContext.StartAsync(output);
        await using var gates = await GateServer.StartAsync();
        var scratch = Directory.CreateDirectory(Path.Combine(context.WorkRoot, ".scratch")).FullName;
        const string Run = "run7";
        var resources = new[] { "alpha", "beta" };
        var states = new Dictionary<string, (TerraformStateAddress Address, TerraformHttpBackend Http)>();
        foreach (var resource in resources)
        {
            states[resource] = await context.Backend.NewStateAsync(resource);
        }

        string Trace(string resource) => Path.Combine(scratch, resource + ".trace");
        Dictionary<string, TerraformValue> Inputs(string resource) => new()
        {
            ["trace_file"] = TerraformValue.From(Trace(resource)),
            ["gate_address"] = TerraformValue.From(gates.AddressOf(resource)),
        };
        var config = new FakeServiceConfig(
            context.WorkRoot,
            "terraform",
            TerraformTestContext.Module("recover"),
            UseParentDeathSignal: true,
            HttpRetryMax: new TerraformRunnerOptions().HttpRetryMax,
            HttpRetryWaitMaxSeconds: (int)new TerraformRunnerOptions().HttpRetryWaitMax.TotalSeconds,
            OrphanDrainSeconds: drainSeconds,
            resources.Select(r => new FakeServiceRun(
                $"{Run}-{r}-1",
                states[r].Http.Address.AbsoluteUri,
                states[r].Http.Username,
                states[r].Http.Password,
                Inputs(r).ToDictionary(i => i.Key, i => i.Value.Value.GetString()!),
                new Dictionary<string, string>())).ToList());
        using var service = FakeService.Start(config, Path.Combine(scratch, "service.json"), output);

        // Both applies created `first` and wait on a provider call when the service dies, its state backend with it.
        await Task.WhenAll(resources.Select(gates.ReachedAsync)).WaitAsync(TimeSpan.FromSeconds(60));
        var orphans = ProcessTable.LiveWithEnvironmentPrefix(RunDirectory.MarkerVariable + "=" + context.WorkRoot).Count;
        await context.Backend.StopAsync();
        service.Kill();
        await service.WaitForExitAsync();

        // The calls in flight complete after the service is gone; the orphaned Terraform, within its drain, creates
        // `second` and saves its state into a refused connection, retrying. The service takes a few seconds to come back.
        foreach (var resource in resources)
        {
            gates.Open(resource);
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        var leftBehind = Directory.GetDirectories(context.WorkRoot, Run + "-*").Length;
        await context.Backend.RestartAsync();
        var recovery = Stopwatch.StartNew();
        var reclaimed = await Task.WhenAll(resources.Select(r => context.Runner.ReclaimAsync($"{Run}-{r}", context.Backend.HttpFor(states[r].Address), CancellationToken.None)));
        var recoveredAfter = recovery.Elapsed;

        // Terraform saved its state, but its unlock may have been lost to the dead backend: the lifecycle then releases
        // the lock of a reclaimed attempt at once (InterruptedSteps), and so does this test.
        foreach (var resource in resources)
        {
            await context.Backend.Backend.ReleaseLockAsync(states[resource].Address, "the reclaimed attempt's lock", CancellationToken.None);
        }

        var tracesBeforeRetry = resources.ToDictionary(r => r, r => File.ReadAllLines(Trace(r)));
        var retried = await Task.WhenAll(resources.Select(r => context.Runner.ApplyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("recover"), context.Backend.HttpFor(states[r].Address)) { RunId = $"{Run}-{r}-2", Inputs = Inputs(r), InspectPlan = false },
            NullTerraformEventSink.Instance,
            CancellationToken.None)));

        output.WriteLine($"recovered {recoveredAfter.TotalSeconds:F1} s after the restart");
        output.WriteLine(string.Join("\n", context.Backend.Requests));
        output.WriteLine(string.Join("\n", reclaimed.SelectMany(r => r.Runs)));
        Assert.Equal(2, leftBehind);
        Assert.NotEqual(0, orphans);
        Assert.True(recoveredAfter < TimeSpan.FromSeconds(60), $"recovery took {recoveredAfter}");
        foreach (var (resource, result) in resources.Zip(reclaimed))
        {
            var run = Assert.Single(result.Runs);
            Assert.Equal($"{Run}-{resource}-1", run.RunId);
            Assert.Equal(TerraformLeftoverDisposition.Removed, run.Disposition);
            Assert.True(run.ProcessAwaited, "Terraform should still have been saving its state");
            Assert.False(run.ProcessKilled);
            Assert.True(result.Complete);

            Assert.Equal(["first", "second"], tracesBeforeRetry[resource]);
        }

        Assert.All(retried, r => Assert.Null(r.Failure));
        foreach (var (resource, result) in resources.Zip(retried))
        {
            Assert.Equal((0, 0, 0), (result.Changes!.Add, result.Changes.Change, result.Changes.Remove));
        }

        Assert.All(resources, r => Assert.Equal(["first", "second"], File.ReadAllLines(Trace(r))));
        Assert.Empty(Directory.GetDirectories(context.WorkRoot, Run + "-*"));
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveWithEnvironmentPrefix(RunDirectory.MarkerVariable + "=" + context.WorkRoot)));
    }

    // The chaos run found this one: Terraform stopped gracefully while a create-time provisioner ran taints the
    // resource (its provisioner is killed, or its result discarded as "execution halted"), so the next apply
    // replaced it and the resource was made twice. Drained, the orphan finishes the provisioner and saves it clean.
    [Theory(Timeout = 150_000)]
    [InlineData(60, false)]
    [InlineData(0, true)]
    public async Task ApplyAsync_ServiceKilledDuringProvisioner_TaintedOnlyWithoutDrain(int drainSeconds, bool tainted)
    {
        await using var context = await TerraformTestContext.StartAsync(output);
        var scratch = Directory.CreateDirectory(Path.Combine(context.WorkRoot, ".scratch")).FullName;
        var trace = Path.Combine(scratch, "trace");
        var go = Path.Combine(scratch, "go");
        const string Run = "prov";
        var (address, http) = await context.Backend.NewStateAsync("provisioned");
        var inputs = new Dictionary<string, TerraformValue> { ["trace_file"] = TerraformValue.From(trace), ["go_file"] = TerraformValue.From(go) };
        var config = new FakeServiceConfig(
            context.WorkRoot,
            "terraform",
            TerraformTestContext.Module("provision"),
            UseParentDeathSignal: true,
            HttpRetryMax: new TerraformRunnerOptions().HttpRetryMax,
            HttpRetryWaitMaxSeconds: (int)new TerraformRunnerOptions().HttpRetryWaitMax.TotalSeconds,
            OrphanDrainSeconds: drainSeconds,
            [new FakeServiceRun($"{Run}-1", http.Address.AbsoluteUri, http.Username, http.Password, inputs.ToDictionary(i => i.Key, i => i.Value.Value.GetString()!), new Dictionary<string, string>())]);
        using var service = FakeService.Start(config, Path.Combine(scratch, "service.json"), output);

        var waiting = Stopwatch.StartNew();
        while (!File.Exists(trace + ".wait") && waiting.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        await context.Backend.StopAsync();
        service.Kill();
        await service.WaitForExitAsync();

        // Terraform first saves its state through the backend's retries and only then stops the walk (killing the
        // provisioner): the provisioner must still run once the backend is back. Stopped at once (no drain), that save
        // is seen before the provisioner may finish; drained, nothing is saved until the apply ends.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await context.Backend.RestartAsync();
        if (drainSeconds == 0)
        {
            var saving = Stopwatch.StartNew();
            while (!context.Backend.Requests.Any(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.EndsWith(" 200", StringComparison.Ordinal))
                && saving.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await File.WriteAllTextAsync(go, "go");
        var reclaimed = await context.Runner.ReclaimAsync(Run, context.Backend.HttpFor(address), CancellationToken.None);
        await context.Backend.Backend.ReleaseLockAsync(address, "the reclaimed attempt's lock", CancellationToken.None);
        var plan = await context.Runner.PlanAsync(
            new TerraformRunRequest(TerraformTestContext.Module("provision"), context.Backend.HttpFor(address)) { RunId = $"{Run}-2", Inputs = inputs },
            NullTerraformEventSink.Instance,
            CancellationToken.None);

        output.WriteLine(string.Join("\n", reclaimed.Runs));
        Assert.True(File.Exists(trace + ".wait"), "the provisioner never started");
        var run = Assert.Single(reclaimed.Runs);
        Assert.Equal(TerraformLeftoverDisposition.Removed, run.Disposition);
        Assert.False(run.ProcessKilled);
        Assert.Null(plan.Failure);
        Assert.Equal(tainted, plan.Plan!.HasChanges);
        Assert.Equal(tainted, plan.Plan.ResourceChanges.Any(c => c.Actions.Contains("delete")));
        Assert.Equal(tainted ? [] : ["made"], File.Exists(trace) ? File.ReadAllLines(trace) : []);
    }

    [Fact(Timeout = 90_000)]
    public async Task ApplyAsync_BackendDownWhileStateIsSaved_SavedOnceBackIsBackAndNothingLeft()
    {
        await using var context = await TerraformTestContext.StartAsync(output);
        await using var gates = await GateServer.StartAsync();
        var scratch = Directory.CreateDirectory(Path.Combine(context.WorkRoot, ".scratch")).FullName;
        var trace = Path.Combine(scratch, "trace");
        var (address, backend) = await context.Backend.NewStateAsync("outage");
        var request = new TerraformRunRequest(TerraformTestContext.Module("recover"), backend)
        {
            RunId = "outage-1",
            Inputs = new Dictionary<string, TerraformValue> { ["trace_file"] = TerraformValue.From(trace), ["gate_address"] = TerraformValue.From(gates.AddressOf("g")) },
            InspectPlan = false,
        };

        var applying = context.Runner.ApplyAsync(request, NullTerraformEventSink.Instance, CancellationToken.None);
        await gates.ReachedAsync("g").WaitAsync(TimeSpan.FromSeconds(60));
        await context.Backend.StopAsync();
        gates.Open("g");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await context.Backend.RestartAsync();
        var result = await applying;
        var plan = await context.Runner.PlanAsync(request with { Backend = context.Backend.HttpFor(address), RunId = "outage-2" }, NullTerraformEventSink.Instance, CancellationToken.None);

        output.WriteLine(string.Join("\n", context.Backend.Requests));
        Assert.Null(result.Failure);
        Assert.False(result.UnsavedState);
        Assert.Contains(context.Backend.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.EndsWith(" 200", StringComparison.Ordinal));
        Assert.Null(plan.Failure);
        Assert.False(plan.Plan!.HasChanges);
        Assert.Equal(["first", "second"], File.ReadAllLines(trace));
        Assert.Empty(Directory.GetDirectories(context.WorkRoot, "outage-*"));
    }

    [Fact(Timeout = 90_000)]
    public async Task ReclaimAsync_StateLeftByBackendOutage_PushedOnceLockReleasedAndPlanShowsNoChanges()
    {
        // Retries give up after about a second: Terraform leaves errored.tfstate.
        await using var context = await TerraformTestContext.StartAsync(output, o =>
        {
            o.HttpRetryMax = 1;
            o.HttpRetryWaitMin = TimeSpan.FromSeconds(1);
            o.HttpRetryWaitMax = TimeSpan.FromSeconds(1);
        });
        await using var gates = await GateServer.StartAsync();
        var scratch = Directory.CreateDirectory(Path.Combine(context.WorkRoot, ".scratch")).FullName;
        var trace = Path.Combine(scratch, "trace");
        var (address, backend) = await context.Backend.NewStateAsync("errored");
        var request = new TerraformRunRequest(TerraformTestContext.Module("recover"), backend)
        {
            RunId = "errored-res-1",
            Inputs = new Dictionary<string, TerraformValue> { ["trace_file"] = TerraformValue.From(trace), ["gate_address"] = TerraformValue.From(gates.AddressOf("g")) },
            InspectPlan = false,
        };

        var applying = context.Runner.ApplyAsync(request, NullTerraformEventSink.Instance, CancellationToken.None);
        await gates.ReachedAsync("g").WaitAsync(TimeSpan.FromSeconds(60));
        await context.Backend.StopAsync();
        gates.Open("g");
        var failed = await applying;
        var kept = Assert.Single(Directory.GetDirectories(context.WorkRoot, "errored-res-1-*"));
        var keptFiles = Directory.GetFiles(kept, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(kept, f)).ToList();
        await context.Backend.RestartAsync();
        var fresh = context.Backend.HttpFor(address);
        var whileLocked = await context.Runner.ReclaimAsync("errored-res", fresh, CancellationToken.None);
        var released = await context.Backend.Backend.ReleaseLockAsync(address, "the run that held it is gone", CancellationToken.None);
        var reclaimed = await context.Runner.ReclaimAsync("errored-res", fresh, CancellationToken.None);
        var plan = await context.Runner.PlanAsync(request with { Backend = fresh, RunId = "errored-res-2" }, NullTerraformEventSink.Instance, CancellationToken.None);

        output.WriteLine($"first reclaim: {string.Join(", ", whileLocked.Runs)}");
        Assert.True(failed.UnsavedState);
        Assert.Equal(TerraformFailureKind.BackendError, failed.Failure?.Kind);
        Assert.True(failed.Failure!.StateMayBeLocked);
        Assert.Contains(Path.Combine("module", RunDirectory.ErroredStateFileName), keptFiles);
        Assert.DoesNotContain("inputs.tfvars.json", keptFiles);
        Assert.DoesNotContain("plan.tfplan", keptFiles);
        Assert.DoesNotContain(keptFiles, f => f.StartsWith("logs", StringComparison.Ordinal));

        var refused = Assert.Single(whileLocked.Runs);
        Assert.Equal(TerraformLeftoverDisposition.UnsavedStateKept, refused.Disposition);
        Assert.Equal(TerraformFailureKind.StateLocked, refused.StatePushFailure?.Kind);
        Assert.True(whileLocked.StateMayBeLocked);
        Assert.False(whileLocked.Complete);
        Assert.NotNull(released);

        var pushed = Assert.Single(reclaimed.Runs);
        Assert.True(pushed.StatePushed);
        Assert.Equal(TerraformLeftoverDisposition.Removed, pushed.Disposition);
        Assert.True(reclaimed.Complete);
        Assert.False(Directory.Exists(kept));
        Assert.Null(plan.Failure);
        Assert.False(plan.Plan!.HasChanges);
        Assert.Equal(["first", "second"], File.ReadAllLines(trace));
    }
}
