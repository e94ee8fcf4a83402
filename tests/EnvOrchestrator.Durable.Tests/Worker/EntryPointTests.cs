using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.InMemory;
using EnvOrchestrator.Testing.Durable;

namespace EnvOrchestrator.Durable.Tests.Worker;

/// <summary>The engine driven the way a queue-triggered host drives it: one message per call, many calls at once.</summary>
public sealed class EntryPointTests
{
    [Fact(Timeout = 30_000)]
    public async Task ProcessControlMessages_OneMessagePerConcurrentCall_NoConflictsAndCorrectResult()
    {
        await using var h = new EngineHarness(new InMemoryOrchestrationBackend("entry"), null);
        using var engine = h.NewEngine(o => o.MaxActivitiesPerWorkItem = 1);
        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 30);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await h.Client.GetInstanceAsync(id, cancellationToken: cts.Token))?.IsCompleted != true)
        {
            var calls = new List<Task>();
            for (var p = 0; p < h.Backend.PartitionCount; p++)
            {
                foreach (var message in await h.Backend.ReceiveMessagesAsync(QueueNames.Control(p), 32, TimeSpan.FromMinutes(1), cts.Token))
                {
                    calls.Add(Task.Run(() => engine.ProcessControlMessagesAsync([message], cts.Token)));
                }
            }

            foreach (var message in await h.Backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, TimeSpan.FromMinutes(1), cts.Token))
            {
                calls.Add(Task.Run(() => engine.ProcessWorkItemAsync(message, cts.Token)));
            }

            await Task.WhenAll(calls);
        }

        var result = await h.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(30 * 31, result?.ReadOutputAs<int>());
        Assert.Equal(0, engine.Metrics.Conflicts);
        await h.AssertHistoryConsistentAsync(id);
    }
}
