namespace EnvOrchestrator.Core.Environments;

/// <summary>One Terraform operation on one resource within a run; <see cref="Attempt"/> counts from 1 per resource and action.</summary>
public sealed record RunStep
{
    public required string Resource { get; init; }

    public required StepAction Action { get; init; }

    public StepStatus Status { get; init; } = StepStatus.Pending;

    public int Attempt { get; init; } = 1;

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public FailureDetails? Failure { get; init; }

    /// <summary>The step's name within its run and so the name of its log: <c>{resource}.{action}.{attempt}</c>.</summary>
    public string LogName => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Resource}.{Action.ToString().ToLowerInvariant()}.{Attempt}");
}
