using System.Diagnostics;
using EnvOrchestrator.Terraform.Tests.Support;
using Xunit.Abstractions;

namespace EnvOrchestrator.Terraform.Tests.Dummy;

/// <summary>Timeouts, signals and crashes, with a dummy terraform script.</summary>
public sealed class ProcessControlTests(ITestOutputHelper output)
{
    [Fact(Timeout = 30_000)]
    public async Task PlanAsync_IgnoresInterruptPastTimeout_InterruptedOnceThenGroupKilled()
    {
        // Counts interrupts and keeps running, like a Terraform stuck in a provider call.
        using var terraform = DummyTerraform.Create("""
            trap 'echo STOP >> "$COUNT_FILE"' INT TERM
            while true; do sleep 27.31 & wait $!; done
            """);
        await using var context = await TerraformTestContext.StartAsync(output, o => o.TerraformPath = terraform.Path);
        var planProcess = 0;
        var sink = new RecordingSink(e => planProcess = e is CommandStartedEvent { Command: "plan" } s ? s.ProcessId : planProcess);
        var clock = Stopwatch.StartNew();

        // The grace period is also how long the script has to run its trap and record the interrupt: 3 s leaves a
        // loaded box room to schedule it. The upper bound only shows the group was killed, not left to the sleep.
        var result = await context.Runner.PlanAsync(
            DummyTerraform.Request(terraform) with { CommandTimeout = TimeSpan.FromSeconds(1), GracePeriod = TimeSpan.FromSeconds(3) },
            sink,
            CancellationToken.None);

        Assert.Equal(TerraformFailureKind.TimedOut, result.Failure?.Kind);
        Assert.True(result.Failure!.StateMayBeLocked);
        Assert.True(result.Failure.IsTransient);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));
        Assert.Equal(["STOP"], File.ReadAllLines(terraform.CountFile));
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveMembersOfGroup(planProcess)));
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveWithCommandLine("sleep 27.31")));
    }

    [Fact(Timeout = 30_000)]
    public async Task PlanAsync_StopSignalsRepeatedAsByDyingService_TerraformStoppedOnce()
    {
        // A dying service's threads hand the child on one by one, each hand-over a parent-death signal: Terraform must
        // see one stop only, since a second means "cancel now, state unsaved".
        using var terraform = DummyTerraform.Create("""
            trap 'echo STOP >> "$COUNT_FILE"' INT TERM
            echo '{"type":"apply_start","hook":{"resource":{"addr":"terraform_data.x"},"action":"create"}}'
            while true; do sleep 28.43 & wait $!; done
            """);
        await using var context = await TerraformTestContext.StartAsync(output, o => o.TerraformPath = terraform.Path);
        var planProcess = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink(e =>
        {
            planProcess = e is CommandStartedEvent { Command: "plan" } s ? s.ProcessId : planProcess;
            if (e is ResourceStartedEvent)
            {
                started.TrySetResult();
            }
        });

        var planning = context.Runner.PlanAsync(
            DummyTerraform.Request(terraform) with { CommandTimeout = TimeSpan.FromSeconds(6), GracePeriod = TimeSpan.FromSeconds(2) },
            sink,
            CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 4; i++)
        {
            using var kill = Process.Start("kill", ["-TERM", planProcess.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        // The timeout's own interrupt is the fifth signal; the group is killed after the grace period.
        var result = await planning;

        Assert.Equal(TerraformFailureKind.TimedOut, result.Failure?.Kind);
        Assert.Equal(["STOP"], File.ReadAllLines(terraform.CountFile));
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveWithCommandLine("sleep 28.43")));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(null, 10)]
    [InlineData(0, 0)]
    [InlineData(19, 19)]
    public async Task PlanAsync_Niceness_TerraformRunsAtIt(int? niceness, int expected)
    {
        // Field 19 of /proc/PID/stat is the nice value; the script's own is Terraform's.
        using var terraform = DummyTerraform.Create("cut -d ' ' -f 19 /proc/$$/stat > \"$COUNT_FILE\"; exit 1");
        await using var context = await TerraformTestContext.StartAsync(output, o =>
        {
            o.TerraformPath = terraform.Path;
            o.Niceness = niceness ?? o.Niceness;
        });

        await context.Runner.PlanAsync(DummyTerraform.Request(terraform), NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.Equal([expected.ToString(System.Globalization.CultureInfo.InvariantCulture)], File.ReadAllLines(terraform.CountFile));
    }

    [Fact(Timeout = 30_000)]
    public async Task PlanAsync_CancelledAndStopsOnInterrupt_GracefulAndOrphanReaped()
    {
        using var terraform = DummyTerraform.Create("""
            trap 'echo "{\"type\":\"diagnostic\",\"diagnostic\":{\"severity\":\"error\",\"summary\":\"Operation cancelled\",\"detail\":\"\"}}"; exit 1' INT TERM
            sleep 26.17 &
            echo '{"type":"apply_start","hook":{"resource":{"addr":"terraform_data.x"},"action":"create"}}'
            wait
            """);
        await using var context = await TerraformTestContext.StartAsync(output, o => o.TerraformPath = terraform.Path);
        using var cancel = new CancellationTokenSource();
        var planProcess = 0;
        var sink = new RecordingSink(e =>
        {
            planProcess = e is CommandStartedEvent { Command: "plan" } s ? s.ProcessId : planProcess;
            if (e is ResourceStartedEvent)
            {
                cancel.Cancel();
            }
        });

        var result = await context.Runner.PlanAsync(DummyTerraform.Request(terraform), sink, cancel.Token);

        Assert.Equal(TerraformFailureKind.Cancelled, result.Failure?.Kind);
        Assert.False(result.Failure!.StateMayBeLocked);
        Assert.Contains(sink.Events.OfType<DiagnosticEvent>(), d => d.Summary == "Operation cancelled");
        Assert.Contains("Operation cancelled", result.Failure.Detail, StringComparison.Ordinal);
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveMembersOfGroup(planProcess)));
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveWithCommandLine("sleep 26.17")));
    }

    [Fact(Timeout = 30_000)]
    public async Task PlanAsync_Crash_ClassifiedKilledWithPanicText()
    {
        using var terraform = DummyTerraform.Create("""
            echo 'panic: runtime error: invalid memory address' >&2
            kill -9 $$
            """);
        await using var context = await TerraformTestContext.StartAsync(output, o => o.TerraformPath = terraform.Path);

        var result = await context.Runner.PlanAsync(DummyTerraform.Request(terraform), NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.Equal(TerraformFailureKind.Killed, result.Failure?.Kind);
        Assert.Equal(137, result.Failure!.ExitCode);
        Assert.True(result.Failure.StateMayBeLocked);
        Assert.Contains("panic: runtime error", result.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task PlanAsync_MissingExecutable_Unexpected()
    {
        await using var context = await TerraformTestContext.StartAsync(output, o => o.TerraformPath = "/nonexistent/terraform");
        using var terraform = DummyTerraform.Create("exit 0");

        var result = await context.Runner.PlanAsync(DummyTerraform.Request(terraform), NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.Equal(TerraformFailureKind.Unexpected, result.Failure?.Kind);
        Assert.Equal("init", result.Failure!.Command);
    }

    [Fact(Timeout = 30_000)]
    public async Task PlanAsync_EventsAndUnknownLines_StreamedWhileCommandRuns()
    {
        // The script blocks until the test has seen the first event, so buffering until exit cannot pass (no timing).
        using var terraform = DummyTerraform.Create(
            """
            if [ "$1" = show ]; then echo '{"format_version":"1.2"}'; exit 0; fi
            echo '{"type":"apply_start","future_field":{"x":1},"hook":{"resource":{"addr":"a.b","extra":true},"action":"create"}}'
            echo 'not json at all'
            echo '{"type":"brand_new_type","@level":"info","@message":"hello"}'
            while [ ! -f "$COUNT_FILE" ]; do sleep 0.05; done
            echo '{"type":"change_summary","changes":{"add":1,"change":0,"remove":0,"import":0,"operation":"plan"}}'
            exit 0
            """,
            initBody: """echo '{"type":"version","ui":"2.0","@message":"Terraform 2.0.0"}'; exit 0""");
        await using var context = await TerraformTestContext.StartAsync(output, o => o.TerraformPath = terraform.Path);
        var startedSeen = new TaskCompletionSource<ResourceStartedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink(e =>
        {
            if (e is ResourceStartedEvent started)
            {
                startedSeen.TrySetResult(started);
            }
        });

        var planning = context.Runner.PlanAsync(DummyTerraform.Request(terraform), sink, CancellationToken.None);
        var first = await Task.WhenAny(startedSeen.Task, planning, Task.Delay(TimeSpan.FromSeconds(15)));
        var planFinishedEarly = sink.Events.Any(e => e is CommandFinishedEvent { Command: "plan" });
        await File.WriteAllTextAsync(terraform.CountFile, "go");
        Assert.True(first == startedSeen.Task, "the event did not arrive while the command was still running");
        Assert.False(planFinishedEarly);
        var result = await planning;

        Assert.Null(result.Failure);
        Assert.Equal(1, result.Changes?.Add);
        Assert.Equal("a.b", Assert.Single(sink.Events.OfType<ResourceStartedEvent>()).Address);
        Assert.Contains(sink.Events.OfType<MessageEvent>(), m => m.Text == "not json at all");
        Assert.Contains(sink.Events.OfType<MessageEvent>(), m => m.Text == "hello");
        Assert.Contains(context.Logs.Lines, l => l.Contains("[3006]", StringComparison.Ordinal) && l.Contains("2.0", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task ApplyAsync_CancelledWhileWaitingForSlot_CancelledWithoutRunningTerraform()
    {
        // The busy run keeps the only slot until the test opens the gate, after the cancel: a slow box cannot let
        // the waiting run in first (a fixed sleep could end before the cancel). The wait is bounded to the test's 30 s.
        using var terraform = DummyTerraform.Create("""
            i=0; while [ ! -f "$COUNT_FILE" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
            exit 0
            """);
        await using var context = await TerraformTestContext.StartAsync(output, o =>
        {
            o.TerraformPath = terraform.Path;
            o.MaxConcurrentRuns = 1;
        });
        using var cancel = new CancellationTokenSource();
        var busy = context.Runner.PlanAsync(DummyTerraform.Request(terraform), NullTerraformEventSink.Instance, CancellationToken.None);
        var sink = new RecordingSink();

        var waiting = context.Runner.ApplyAsync(DummyTerraform.Request(terraform), sink, cancel.Token);
        await Task.Delay(200);
        await cancel.CancelAsync();
        var result = await waiting;
        await File.WriteAllTextAsync(terraform.CountFile, "go");

        Assert.Equal(TerraformFailureKind.Cancelled, result.Failure?.Kind);
        Assert.Empty(sink.Events);
        Assert.Empty(result.Commands);
        Assert.True((await busy).Failure is null or { Kind: not TerraformFailureKind.Cancelled });
    }
}
