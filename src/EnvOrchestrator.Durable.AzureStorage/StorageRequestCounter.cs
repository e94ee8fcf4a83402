using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// Counts storage requests per service (retries included) and the time spent waiting for them, so benchmarks can
/// show where round trips go. Two interlocked adds per request: cheap enough to leave on.
/// </summary>
internal sealed class StorageRequestCounter
{
    public CountingPolicy Tables { get; } = new();

    public CountingPolicy Queues { get; } = new();

    public CountingPolicy Blobs { get; } = new();

    internal sealed class CountingPolicy : HttpPipelinePolicy
    {
        private long _count;
        private long _elapsedTicks;

        public long Count => Interlocked.Read(ref _count);

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _elapsedTicks));

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                ProcessNext(message, pipeline);
            }
            finally
            {
                Record(start);
            }
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            }
            finally
            {
                Record(start);
            }
        }

        private void Record(long start)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _elapsedTicks, Stopwatch.GetTimestamp() - start);
        }
    }
}
