using System.Globalization;
using EnvOrchestrator.Durable.History;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Durable.Replay;

/// <summary>
/// The context handed to orchestration code during one episode. Scheduling calls take the next sequence id and
/// are either matched against recorded history (replay) or recorded as new actions.
/// </summary>
internal sealed class ReplayOrchestrationContext : TaskOrchestrationContext
{
    private readonly Dictionary<int, HistoryEvent> _recordedScheduling;
    private readonly Dictionary<int, OpenTask> _open = [];
    private readonly List<HistoryEvent> _actions = [];
    private readonly List<HistoryEvent> _bufferedEvents = [];
    private readonly List<HistoryEvent> _suspendedEvents = [];
    private readonly List<EventWaiter> _waiters = [];
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _executionId;
    private readonly string? _input;
    private int _sequence;
    private int _guidCounter;
    private string? _customStatus;

    public ReplayOrchestrationContext(
        string name,
        string instanceId,
        string executionId,
        ParentReference? parent,
        string? input,
        string? customStatus,
        IEnumerable<HistoryEvent> recordedHistory,
        ILoggerFactory loggerFactory)
    {
        Name = name;
        InstanceId = instanceId;
        _executionId = executionId;
        Parent = parent is null ? null : new ParentOrchestrationInstance(parent.Name, parent.InstanceId);
        _input = input;
        _customStatus = customStatus;
        _loggerFactory = loggerFactory;
        _recordedScheduling = recordedHistory.Where(e => e.IsScheduling).ToDictionary(e => e.TaskId);
    }

    public override string Name { get; }

    public override string InstanceId { get; }

    public override ParentOrchestrationInstance? Parent { get; }

    public override DateTime CurrentUtcDateTime => CurrentTime.UtcDateTime;

    public override bool IsReplaying => Replaying;

    internal DateTimeOffset CurrentTime { get; set; }

    internal bool Replaying { get; set; }

    internal bool IsSuspended { get; private set; }

    internal string? NonDeterminismError { get; private set; }

    internal ContinueAsNewRequest? ContinueAsNewRequest { get; private set; }

    internal string? CustomStatus => _customStatus;

    internal IReadOnlyList<HistoryEvent> Actions => _actions;

    public override T? GetInput<T>()
        where T : default => JsonPayload.Deserialize<T>(_input);

    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var payload = JsonPayload.SerializeArgument(input, nameof(input));
        return WithRetryAsync(
            () => ScheduleAsync<TResult>(HistoryEventKind.TaskScheduled, name, id => new HistoryEvent(HistoryEventKind.TaskScheduled)
            {
                TaskId = id,
                Name = name,
                Payload = payload,
            }),
            options?.Retry);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var due = new DateTimeOffset(fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));
        var task = ScheduleAsync<object?>(HistoryEventKind.TimerCreated, "timer", id => new HistoryEvent(HistoryEventKind.TimerCreated)
        {
            TaskId = id,
            Name = "timer",
            FireAt = due,
        });
        if (!cancellationToken.CanBeCanceled)
        {
            return task;
        }

        var id = _sequence - 1;
        cancellationToken.Register(() =>
        {
            if (_open.Remove(id, out var open))
            {
                open.Completion.TrySetCanceled(cancellationToken);
            }
        });
        return task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var buffered = _bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var payload = _bufferedEvents[buffered].Payload;
            _bufferedEvents.RemoveAt(buffered);
            return Task.FromResult(JsonPayload.Deserialize<T>(payload)!);
        }

        var waiter = new EventWaiter(eventName);
        _waiters.Add(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                _waiters.Remove(waiter);
                waiter.Completion.TrySetCanceled(cancellationToken);
            });
        }

        return ConvertAsync<T>(waiter.Completion.Task);
    }

    public override void SendEvent(string instanceId, string eventName, object? payload)
    {
        InstanceIds.Validate(instanceId, nameof(instanceId));
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var data = JsonPayload.SerializeArgument(payload, nameof(payload));
        _ = ScheduleAsync<object?>(HistoryEventKind.EventSent, eventName, id => new HistoryEvent(HistoryEventKind.EventSent)
        {
            TaskId = id,
            Name = eventName,
            InstanceId = instanceId,
            Payload = data,
        });

        // Sending has no completion; forget the open entry so it never looks pending.
        _open.Remove(_sequence - 1);
    }

    public override void SetCustomStatus(object? customStatus) =>
        _customStatus = JsonPayload.SerializeArgument(customStatus, nameof(customStatus));

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var payload = JsonPayload.SerializeArgument(input, nameof(input));
        var explicitId = (options as SubOrchestrationOptions)?.InstanceId;
        if (explicitId is not null)
        {
            InstanceIds.Validate(explicitId, nameof(options));
        }

        return WithRetryAsync(
            () => ScheduleAsync<TResult>(HistoryEventKind.SubOrchestrationCreated, orchestratorName, id =>
            {
                var childId = explicitId ?? string.Create(CultureInfo.InvariantCulture, $"{InstanceId}:{id}");
                if (!InstanceIds.IsValid(childId))
                {
                    childId = NewGuid().ToString("N");
                }

                return new HistoryEvent(HistoryEventKind.SubOrchestrationCreated)
                {
                    TaskId = id,
                    Name = orchestratorName,
                    InstanceId = childId,
                    Payload = payload,
                };
            }),
            options?.Retry);
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        var input = JsonPayload.SerializeArgument(newInput, nameof(newInput));
        ContinueAsNewRequest = new ContinueAsNewRequest(input, preserveUnprocessedEvents ? _bufferedEvents.ToArray() : [], preserveUnprocessedEvents);
    }

    public override Guid NewGuid() =>
        DeterministicGuid.Create(string.Create(CultureInfo.InvariantCulture, $"{InstanceId}|{_executionId}|{_guidCounter++}"));

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), () => Replaying);

    /// <summary>Applies an inbound event to the waiting code; a contradiction with the code is recorded, not thrown.</summary>
    internal void Apply(HistoryEvent e)
    {
        switch (e.Kind)
        {
            case HistoryEventKind.OrchestratorStarted:
                CurrentTime = e.Timestamp ?? CurrentTime;
                break;
            case HistoryEventKind.ExecutionSuspended:
                IsSuspended = true;
                break;
            case HistoryEventKind.ExecutionResumed:
                IsSuspended = false;
                var held = _suspendedEvents.ToArray();
                _suspendedEvents.Clear();
                foreach (var heldEvent in held)
                {
                    Apply(heldEvent);
                }

                break;
            case HistoryEventKind.EventRaised when IsSuspended:
            case var _ when e.IsCompletion && IsSuspended:
                _suspendedEvents.Add(e);
                break;
            case HistoryEventKind.EventRaised:
                DeliverEvent(e);
                break;
            case var _ when e.IsCompletion:
                Complete(e);
                break;
            default:
                break;
        }
    }

    private void DeliverEvent(HistoryEvent e)
    {
        var waiter = _waiters.Find(w => string.Equals(w.Name, e.Name, StringComparison.OrdinalIgnoreCase));
        if (waiter is null)
        {
            _bufferedEvents.Add(e);
            return;
        }

        _waiters.Remove(waiter);
        waiter.Completion.TrySetResult(e.Payload);
    }

    private void Complete(HistoryEvent e)
    {
        if (!_open.Remove(e.TaskId, out var open))
        {
            // A completion whose task the code has not (or no longer) scheduled. Cancelled timers and
            // cancelled waits land here legitimately; anything recorded as scheduled but not requested is not.
            if (_recordedScheduling.TryGetValue(e.TaskId, out var scheduled) && scheduled.TaskId >= _sequence)
            {
                FailNonDeterminism($"History completes task #{e.TaskId} ({scheduled.Kind} '{scheduled.Name}') that the code did not schedule.");
            }

            return;
        }

        switch (e.Kind)
        {
            case HistoryEventKind.TaskFailed:
            case HistoryEventKind.SubOrchestrationFailed:
                open.Completion.TrySetException(new TaskFailedException(open.Name, e.TaskId,
                    e.Failure ?? new TaskFailureDetails("Unknown", "The task failed without details.", null, null)));
                break;
            default:
                open.Completion.TrySetResult(e.Payload);
                break;
        }
    }

    private Task<T> ScheduleAsync<T>(HistoryEventKind kind, string name, Func<int, HistoryEvent> create)
    {
        var id = _sequence++;
        var completion = new TaskCompletionSource<string?>();
        if (NonDeterminismError is not null)
        {
            return ConvertAsync<T>(completion.Task);
        }

        if (_recordedScheduling.TryGetValue(id, out var recorded))
        {
            if (recorded.Kind != kind || !string.Equals(recorded.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                FailNonDeterminism(
                    $"Step #{id}: the code scheduled {kind} '{name}' but history recorded {recorded.Kind} '{recorded.Name}'.");
                return ConvertAsync<T>(completion.Task);
            }
        }
        else
        {
            _actions.Add(create(id));
        }

        _open[id] = new OpenTask(name, completion);
        return ConvertAsync<T>(completion.Task);
    }

    private void FailNonDeterminism(string message) => NonDeterminismError ??= message;

    private static async Task<T> ConvertAsync<T>(Task<string?> raw)
    {
        var payload = await raw.ConfigureAwait(true);
        return JsonPayload.Deserialize<T>(payload)!;
    }

    private async Task<T> WithRetryAsync<T>(Func<Task<T>> attempt, RetryPolicy? policy)
    {
        if (policy is null)
        {
            return await attempt().ConfigureAwait(true);
        }

        var firstAttemptAt = CurrentUtcDateTime;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt().ConfigureAwait(true);
            }
            catch (TaskFailedException ex) when (number < policy.MaxNumberOfAttempts && policy.Handle(ex))
            {
                var delay = policy.DelayBefore(number + 1);
                if (policy.RetryTimeout is { } timeout && CurrentUtcDateTime + delay - firstAttemptAt > timeout)
                {
                    throw;
                }

                await CreateTimer(delay, CancellationToken.None).ConfigureAwait(true);
            }
        }
    }

    private sealed record OpenTask(string Name, TaskCompletionSource<string?> Completion);

    private sealed record EventWaiter(string Name)
    {
        public TaskCompletionSource<string?> Completion { get; } = new();
    }
}
