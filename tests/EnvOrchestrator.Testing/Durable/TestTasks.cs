using System.Collections.Concurrent;
using EnvOrchestrator.Durable;

namespace EnvOrchestrator.Testing.Durable;

/// <summary>The orchestrations and activities the engine contract suites run.</summary>
internal static class TestTasks
{
    /// <summary>Executions per idempotency key, to show activities run at least once (and how often).</summary>
    public static ConcurrentDictionary<string, int> Executions { get; } = new(StringComparer.Ordinal);

    public static ConcurrentDictionary<string, int> FlakyAttempts { get; } = new(StringComparer.Ordinal);

    public static ConcurrentDictionary<string, int> EpisodeRuns { get; } = new(StringComparer.Ordinal);

    public static ConcurrentDictionary<string, List<Guid>> Guids { get; } = new(StringComparer.Ordinal);

    public static ConcurrentDictionary<string, List<bool>> ReplayFlags { get; } = new(StringComparer.Ordinal);

    /// <summary>Gates the "Gated" activity waits at, by its input: a test sees it start and decides when it ends.</summary>
    public static ConcurrentDictionary<string, ActivityGate> Gates { get; } = new(StringComparer.Ordinal);

    public static DurableTaskRegistry Register(DurableTaskRegistry registry)
    {
        registry
            .AddActivity<GreetActivity>()
            .AddOrchestrator<GreetOrchestrator>()
            .AddOrchestratorFunc<string, string>("ParentOfExisting", async (context, childId) =>
            {
                try
                {
                    await context.CallSubOrchestratorAsync<int>("WaitEvent", "go", new SubOrchestrationOptions(childId));
                    return "started";
                }
                catch (TaskFailedException ex)
                {
                    return "caught " + ex.FailureDetails.ErrorType;
                }
            })
            .AddActivityFunc<int, int>("Double", (context, x) =>
            {
                Executions.AddOrUpdate(context.IdempotencyKey, 1, (_, n) => n + 1);
                return x * 2;
            })
            .AddActivityFunc<int, int>("Slow", async (_, ms) =>
            {
                await Task.Delay(ms);
                return ms;
            })
            .AddActivityFunc<int, int>("SlowCounted", async (context, ms) =>
            {
                Executions.AddOrUpdate(context.IdempotencyKey, 1, (_, n) => n + 1);
                await Task.Delay(ms);
                return ms;
            })
            .AddOrchestratorFunc<int, int>("CallSlowCounted", (context, ms) => context.CallActivityAsync<int>("SlowCounted", ms))
            .AddActivityFunc<string, string>("Gated", async (context, key) =>
            {
                var gate = Gates.GetOrAdd(key, _ => new ActivityGate());
                gate.Entered.TrySetResult();
                await gate.Release.Task.WaitAsync(context.CancellationToken);
                return key;
            })
            .AddOrchestratorFunc<string, string>("CallGated", (context, key) => context.CallActivityAsync<string>("Gated", key))
            .AddActivityFunc<string, string>("Fail", (_, message) => Task.FromException<string>(new InvalidOperationException(message)))
            .AddActivityFunc<string, string>("Flaky", (context, key) =>
            {
                // Fails on the first two attempts of each key, then succeeds.
                var attempt = FlakyAttempts.AddOrUpdate(key, 1, (_, n) => n + 1);
                return attempt < 3 ? throw new InvalidOperationException($"attempt {attempt}") : $"ok after {attempt}";
            })
            .AddOrchestratorFunc<int, int>("Chain", async (context, steps) =>
            {
                var value = 1;
                for (var i = 0; i < steps; i++)
                {
                    value = await context.CallActivityAsync<int>("Double", i % 2) + value;
                }

                return value;
            })
            .AddOrchestratorFunc<int, int>("FanOut", async (context, count) =>
            {
                var results = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<int>("Double", i)));
                return results.Sum();
            })
            .AddOrchestratorFunc<int, int>("Mixed", async (context, _) =>
            {
                // One sequential step, a fan-out, a durable timer: every message kind and a multi-message outbox.
                var first = await context.CallActivityAsync<int>("Double", 1);
                var parallel = await Task.WhenAll(Enumerable.Range(2, 3).Select(i => context.CallActivityAsync<int>("Double", i)));
                await context.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
                return first + parallel.Sum();
            })
            .AddOrchestratorFunc<string, string>("CatchFailure", async (context, activity) =>
            {
                try
                {
                    await context.CallActivityAsync<string>(activity, "boom");
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return ex.FailureDetails.ErrorType + "|" + ex.FailureDetails.ErrorMessage;
                }
            })
            .AddOrchestratorFunc<int, int>("CallSlow", (context, ms) => context.CallActivityAsync<int>("Slow", ms))
            .AddOrchestratorFunc<string, string>("Uncaught", (context, _) => context.CallActivityAsync<string>("Fail", "unhandled"))
            .AddOrchestratorFunc<string, string>("Retry", (context, key) =>
                context.CallActivityAsync<string>("Flaky", key, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(50)))))
            .AddOrchestratorFunc<int, string>("Timer", async (context, ms) =>
            {
                var before = context.CurrentUtcDateTime;
                await context.CreateTimer(TimeSpan.FromMilliseconds(ms), CancellationToken.None);
                return (context.CurrentUtcDateTime - before).TotalMilliseconds >= ms ? "elapsed" : "early";
            })
            .AddOrchestratorFunc<string, int>("WaitEvent", async (context, name) =>
            {
                context.SetCustomStatus("waiting");
                return await context.WaitForExternalEvent<int>(name);
            })
            .AddOrchestratorFunc<int, string>("WaitEventWithTimeout", async (context, ms) =>
            {
                context.SetCustomStatus("waiting");
                try
                {
                    return "event " + await context.WaitForExternalEvent<int>("approval", TimeSpan.FromMilliseconds(ms));
                }
                catch (TaskCanceledException)
                {
                    return "timeout";
                }
            })
            .AddOrchestratorFunc<int, int>("DoubleThenEvent", async (context, x) =>
            {
                var doubled = await context.CallActivityAsync<int>("Double", x);
                context.SetCustomStatus("waiting");
                return doubled + await context.WaitForExternalEvent<int>("go");
            })
            .AddOrchestratorFunc<int, int>("Parent", async (context, x) =>
                await context.CallSubOrchestratorAsync<int>("FanOut", x) + 1)
            .AddOrchestratorFunc<string, string>("ParentOfFailure", async (context, _) =>
            {
                try
                {
                    await context.CallSubOrchestratorAsync<string>("Uncaught", "x");
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return "caught " + ex.FailureDetails.ErrorType;
                }
            })
            .AddOrchestratorFunc<int, int>("Counter", async (context, n) =>
            {
                if (n == 0)
                {
                    // The event raised now is not consumed by this execution; ContinueAsNew carries it over.
                    await context.CreateTimer(TimeSpan.FromMilliseconds(300), CancellationToken.None);
                }

                if (n < 3)
                {
                    context.ContinueAsNew(n + 1, preserveUnprocessedEvents: true);
                    return -1;
                }

                return n + await context.WaitForExternalEvent<int>("go");
            })
            .AddOrchestratorFunc<string, string>("Pinger", async (context, target) =>
            {
                context.SendEvent(target, "go", 7);
                await context.CreateTimer(TimeSpan.FromMilliseconds(10), CancellationToken.None);
                return "sent";
            })
            .AddOrchestratorFunc<string, string>("Unstable", async (context, _) =>
            {
                // Schedules a different activity when replayed: the instance must fail as non-deterministic.
                var run = EpisodeRuns.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
                await context.CallActivityAsync<int>(run == 1 ? "Double" : "Slow", 1);
                return "unreachable";
            })
            .AddOrchestratorFunc<string, string>("Guids", async (context, _) =>
            {
                Guids.GetOrAdd(context.InstanceId, _ => []).Add(context.NewGuid());
                await context.CallActivityAsync<int>("Double", 1);
                return context.NewGuid().ToString();
            })
            .AddOrchestratorFunc<string, string>("CallsMissingActivity", async (context, _) =>
            {
                try
                {
                    await context.CallActivityAsync<string>("NoSuchActivity", null);
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return ex.FailureDetails.ErrorType;
                }
            });
        return registry;
    }
}

/// <summary>Where the "Gated" activity signals that it runs and waits to be let go.</summary>
internal sealed class ActivityGate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A class-based activity (registered by type name).</summary>
internal sealed class GreetActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult("hello " + input);
}

/// <summary>A class-based orchestrator that records <see cref="TaskOrchestrationContext.IsReplaying"/> around its await.</summary>
internal sealed class GreetOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        var flags = TestTasks.ReplayFlags.GetOrAdd(context.InstanceId, _ => []);
        flags.Add(context.IsReplaying);
        var greeting = await context.CallActivityAsync<string>(nameof(GreetActivity), input);
        flags.Add(context.IsReplaying);
        return greeting;
    }
}
