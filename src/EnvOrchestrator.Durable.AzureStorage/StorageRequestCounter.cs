using Azure.Core;
using Azure.Core.Pipeline;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>Counts storage requests per service (retries included), so benchmarks can show where round trips go.</summary>
internal sealed class StorageRequestCounter
{
    public CountingPolicy Tables { get; } = new();

    public CountingPolicy Queues { get; } = new();

    public CountingPolicy Blobs { get; } = new();

    internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }
}
