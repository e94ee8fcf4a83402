using System.Threading.Channels;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Durable.Tests.Worker;

public sealed class LeaseKeeperTests
{
    private static readonly ReceivedMessage Message = new("workitems", "m1", "receipt-0", "{}", 1, DateTimeOffset.UnixEpoch);

    [Fact(Timeout = 10_000)]
    public async Task Lost_RenewalsKeepFailing_CancelledBeforeTheLeaseRunsOut()
    {
        // Fake time moves only to the keeper's next timer once it waits there: on real time a late timer on a loaded
        // box could put the first renewal so close to expiry that no retry fits, and the count would prove nothing.
        var visibility = TimeSpan.FromMilliseconds(600);
        var time = new SteppingTimeProvider();
        var backend = new RenewingBackend(fail: true);
        var lease = new LeaseKeeper(backend, Message, visibility, time, NullLogger.Instance);
        await using (lease)
        {
            var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lease.Lost.Register(lost.SetResult);

            await time.RunTimersUntilAsync(lost.Task);

            Assert.True(lease.Lost.IsCancellationRequested);
            Assert.True(backend.Attempts >= 2, $"only {backend.Attempts} renewal attempt(s): a failure must be retried");
            Assert.True(time.Elapsed < visibility, $"lost only after {time.Elapsed}, when the lease had already run out");
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Lost_RenewalsSucceedBeyondTheLeaseLength_NeverCancelledAndStopReturnsTheLatestReceipt()
    {
        var backend = new RenewingBackend(fail: false);
        var lease = new LeaseKeeper(backend, Message, TimeSpan.FromMilliseconds(300), TimeProvider.System, NullLogger.Instance);
        await using (lease)
        {
            // Three renewals outlive the 300 ms lease several times over.
            while (backend.Attempts < 3)
            {
                await Task.Delay(20);
            }

            var latest = await lease.StopAsync();

            Assert.False(lease.Lost.IsCancellationRequested);
            Assert.Equal($"receipt-{backend.Attempts}", latest.PopReceipt);
        }
    }

    /// <summary>Fake time that advances only when asked, and then exactly to the timer the code under test waits on.</summary>
    private sealed class SteppingTimeProvider : FakeTimeProvider
    {
        private readonly DateTimeOffset _start;
        private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

        public SteppingTimeProvider()
            : base(DateTimeOffset.UnixEpoch) => _start = GetUtcNow();

        public TimeSpan Elapsed => GetUtcNow() - _start;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Registered before it is announced, so advancing by its due time always fires it.
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timers.Writer.TryWrite(dueTime);
            return timer;
        }

        /// <summary>Fires each timer as soon as it is created, until <paramref name="done"/> completes.</summary>
        public async Task RunTimersUntilAsync(Task done)
        {
            while (!done.IsCompleted)
            {
                var next = _timers.Reader.ReadAsync().AsTask();
                if (await Task.WhenAny(next, done) == next)
                {
                    Advance(await next);
                }
            }
        }
    }

    /// <summary>Only visibility updates are expected of the backend here.</summary>
    private sealed class RenewingBackend(bool fail) : IOrchestrationBackend
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public string TaskHub => "lease-tests";

        public int PartitionCount => 1;

        public Task<ReceivedMessage> UpdateVisibilityAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            return fail
                ? Task.FromException<ReceivedMessage>(new IOException("storage unavailable"))
                : Task.FromResult(message with { PopReceipt = $"receipt-{attempt}" });
        }

        public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteTaskHubAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InstanceSnapshot?> ReadInstanceAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteOutboxAsync(string instanceId, string outboxKey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteHistoryAsync(string instanceId, string executionId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InstanceQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SendMessageAsync(string queue, string body, TimeSpan visibilityDelay, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StorePoisonMessageAsync(PoisonMessageRecord record, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PoisonMessageRecord>> ListPoisonMessagesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeletePoisonMessageAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
