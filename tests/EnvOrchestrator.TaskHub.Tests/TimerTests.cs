using System.Diagnostics;
using System.Globalization;
using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>
/// Timers on the Azure Storage provider come as queue messages made visible at the due time, and queue visibility is
/// counted in whole seconds: a timer can wake the orchestration up to a second early. The product's pattern (see
/// EnvOrchestrator.Lifecycle's DurableTimers) waits again while the orchestration's clock is before the due time.
/// </summary>
[Collection(Measurements.Name)]
public sealed class TimerTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 60_000)]
    public async Task WaitUntil_TwoSecondTimer_NeverCompletesBeforeDue()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("timer"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();
        var results = new List<(WaitResult Wait, OrchestrationMetadata Done, TimeSpan Wall)>();

        // Three rounds: each is a fresh chance for a raw timer to wake early, so a missing loop shows.
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var id = await client.ScheduleNewOrchestrationInstanceAsync("WaitUntil", Delay);
            var done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
            results.Add((done.ReadOutputAs<WaitResult>()!, done, clock.Elapsed));
        }

        foreach (var (wait, done, wall) in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timer {Delay.TotalSeconds} s: woke {wait.Wakes}× (first wake {(wait.FirstWake - wait.Due).TotalMilliseconds:F0} ms vs due), done {(wait.After - wait.Due).TotalMilliseconds:F0} ms after due, client saw {wall.TotalMilliseconds:F0} ms"));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.True(wait.After >= wait.Due, $"orchestration clock after the wait {wait.After:O} is before the due time {wait.Due:O}");
            Assert.True(done.LastUpdatedAt.UtcDateTime >= wait.Created + Delay, $"completed at {done.LastUpdatedAt:O}, under {Delay} after the timer was created at {wait.Created:O}");
            Assert.True(wall >= Delay, $"the client saw it complete {wall} after scheduling");
        }

        await host.StopAsync();
    }

    /// <summary>
    /// The loop alone, woken early, waits again for the sub-second rest: a timer under a second ahead is visible at
    /// once, so it spins (about a hundred episodes for the last second, measured). Asking the timer for one second
    /// more than the due time makes the whole-second visibility land after it: one wake, at most a second late.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task WaitUntil_TimerPaddedByOneSecond_WakesOnceNeverEarly()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("timer"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();
        var results = new List<WaitResult>();

        for (var round = 0; round < 3; round++)
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("WaitUntilPadded", Delay);
            results.Add((await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30))).ReadOutputAs<WaitResult>()!);
        }

        foreach (var wait in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"padded timer {Delay.TotalSeconds} s: woke {wait.Wakes}×, {(wait.After - wait.Due).TotalMilliseconds:F0} ms after due"));
            Assert.True(wait.After >= wait.Due, $"orchestration clock after the wait {wait.After:O} is before the due time {wait.Due:O}");
            Assert.Equal(1, wait.Wakes);
        }

        await host.StopAsync();
    }

    /// <summary>Measures, and prints, how early a raw <c>CreateTimer</c> wakes the orchestration; asserts nothing about it.</summary>
    [Fact(Timeout = 60_000)]
    public async Task CreateTimer_Raw_MeasureHowEarlyItFires()
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, azurite.ConnectionString, AzuriteFixture.UniqueName("timer"), tasks: Tasks);
        await host.StartAsync();
        var client = host.Client();
        TimeSpan[] delays = [.. new[] { 0.3, 0.5, 0.9, 1.0, 1.2, 1.5, 1.8, 2.0, 2.5, 3.0 }.Select(TimeSpan.FromSeconds)];

        var id = await client.ScheduleNewOrchestrationInstanceAsync("RawTimers", delays);
        var done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(45));

        var fired = done.ReadOutputAs<RawTimer[]>()!;
        foreach (var timer in fired)
        {
            var late = timer.Woke - timer.Due;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw timer {timer.Delay.TotalSeconds:F1} s: woke {late.TotalMilliseconds:F0} ms {(late < TimeSpan.Zero ? "EARLY" : "late")}"));
        }

        var early = fired.Where(t => t.Woke < t.Due).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{early.Count} of {fired.Length} raw timers woke early; earliest {(early.Count == 0 ? 0 : early.Max(t => (t.Due - t.Woke).TotalMilliseconds)):F0} ms before due"));
        Assert.Equal(delays.Length, fired.Length);
        await host.StopAsync();
    }

    private static void Tasks(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<TimeSpan, WaitResult>("WaitUntil", async (context, delay) =>
        {
            // The product's loop (EnvOrchestrator.Lifecycle.Orchestrations.DurableTimers.WaitUntilAsync).
            var created = context.CurrentUtcDateTime;
            var due = created + delay;
            var wakes = 0;
            DateTime? firstWake = null;
            while (context.CurrentUtcDateTime < due)
            {
                await context.CreateTimer(due, CancellationToken.None);
                wakes++;
                firstWake ??= context.CurrentUtcDateTime;
            }

            return new WaitResult(created, due, firstWake ?? created, context.CurrentUtcDateTime, wakes);
        })
        .AddOrchestratorFunc<TimeSpan, WaitResult>("WaitUntilPadded", async (context, delay) =>
        {
            var created = context.CurrentUtcDateTime;
            var due = created + delay;
            var wakes = 0;
            DateTime? firstWake = null;
            while (context.CurrentUtcDateTime < due)
            {
                await context.CreateTimer(due + TimeSpan.FromSeconds(1), CancellationToken.None);
                wakes++;
                firstWake ??= context.CurrentUtcDateTime;
            }

            return new WaitResult(created, due, firstWake ?? created, context.CurrentUtcDateTime, wakes);
        })
        .AddOrchestratorFunc<TimeSpan[], RawTimer[]>("RawTimers", async (context, delays) =>
        {
            var fired = new List<RawTimer>();
            foreach (var delay in delays)
            {
                var due = context.CurrentUtcDateTime + delay;
                await context.CreateTimer(due, CancellationToken.None);
                fired.Add(new RawTimer(delay, due, context.CurrentUtcDateTime));
            }

            return [.. fired];
        });

    internal sealed record WaitResult(DateTime Created, DateTime Due, DateTime FirstWake, DateTime After, int Wakes);

    internal sealed record RawTimer(TimeSpan Delay, DateTime Due, DateTime Woke);
}
