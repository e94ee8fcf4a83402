using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.InMemory;
using EnvOrchestrator.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Durable.Tests.Worker;

public sealed class LongTimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 10_000)]
    public async Task CreateTimer_FiveDays_HopsThroughQueueAndFiresOnce()
    {
        var time = new FakeTimeProvider(Start);
        var backend = new InMemoryOrchestrationBackend("longtimer", 2, time);
        var registry = new DurableTaskRegistry().AddOrchestratorFunc<int, DateTime>("Sleep", async (context, days) =>
        {
            await context.CreateTimer(TimeSpan.FromDays(days), CancellationToken.None);
            return context.CurrentUtcDateTime;
        });
        using var services = new ServiceCollection().BuildServiceProvider();
        var signal = new WorkSignal();
        using var engine = new DurableTaskEngine(backend, registry, services, new DurableTaskWorkerOptions(), time, NullLoggerFactory.Instance, signal);
        var client = new DurableTaskClient(backend, time, signal);

        var id = await client.ScheduleNewOrchestrationInstanceAsync("Sleep", 5);
        await PumpAsync(backend, engine);
        time.Advance(TimeSpan.FromDays(3));
        await PumpAsync(backend, engine);
        var afterThreeDays = await client.GetInstanceAsync(id);
        time.Advance(TimeSpan.FromDays(2));
        await PumpAsync(backend, engine);
        var done = await client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Running, afterThreeDays?.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done?.RuntimeStatus);
        Assert.Equal(Start.AddDays(5).UtcDateTime, done?.ReadOutputAs<DateTime>());
        var snapshot = await backend.ReadInstanceAsync(id, includeHistory: true, CancellationToken.None);
        var history = snapshot!.History.SelectMany(h => HistoryCodec.Decode(h.EventsJson)).ToArray();
        Assert.Single(history, e => e.Kind == HistoryEventKind.TimerFired);
    }

    private static async Task PumpAsync(InMemoryOrchestrationBackend backend, DurableTaskEngine engine)
    {
        for (var round = 0; round < 100; round++)
        {
            var any = false;
            for (var p = 0; p < backend.PartitionCount; p++)
            {
                var batch = await backend.ReceiveMessagesAsync(QueueNames.Control(p), 32, TimeSpan.FromMinutes(1), CancellationToken.None);
                if (batch.Count > 0)
                {
                    any = true;
                    await engine.ProcessControlMessagesAsync(batch, CancellationToken.None);
                }
            }

            if (!any)
            {
                return;
            }
        }
    }
}
