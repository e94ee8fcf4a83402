using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.Worker;

namespace EnvOrchestrator.Testing.Durable;

/// <summary>Drives an engine through its public entry points, as a queue-triggered host would.</summary>
internal static class ManualPump
{
    public static Task RunUntilIdleAsync(IOrchestrationBackend backend, DurableTaskEngine engine) =>
        RunAsync(backend, engine, includeWorkItems: true);

    public static Task RunControlUntilIdleAsync(IOrchestrationBackend backend, DurableTaskEngine engine) =>
        RunAsync(backend, engine, includeWorkItems: false);

    private static async Task RunAsync(IOrchestrationBackend backend, DurableTaskEngine engine, bool includeWorkItems)
    {
        var visibility = TimeSpan.FromSeconds(30);
        for (var round = 0; round < 1_000; round++)
        {
            var any = false;
            for (var p = 0; p < backend.PartitionCount; p++)
            {
                var batch = await backend.ReceiveMessagesAsync(QueueNames.Control(p), 32, visibility, CancellationToken.None);
                if (batch.Count > 0)
                {
                    any = true;
                    await engine.ProcessControlMessagesAsync(batch, CancellationToken.None);
                }
            }

            if (includeWorkItems)
            {
                foreach (var item in await backend.ReceiveMessagesAsync(QueueNames.WorkItems, 32, visibility, CancellationToken.None))
                {
                    any = true;
                    await engine.ProcessWorkItemAsync(item, CancellationToken.None);
                }
            }

            if (!any)
            {
                return;
            }
        }

        throw new InvalidOperationException("The engine did not go idle within 1,000 rounds.");
    }
}
