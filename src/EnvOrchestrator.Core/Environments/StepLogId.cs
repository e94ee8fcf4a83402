namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// Where the log of one step of a run lives. <see cref="StepName"/> is unique within the run, e.g. <c>cache.apply.2</c>
/// (see <see cref="RunStep.LogName"/>); it is 1–200 characters without control characters.
/// </summary>
public sealed record StepLogId
{
    public const int MaxStepNameLength = 200;

    public StepLogId(EnvironmentId environment, RunId run, string stepName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(run);
        if (string.IsNullOrEmpty(stepName) || stepName.Length > MaxStepNameLength || stepName.Any(char.IsControl))
        {
            throw new ArgumentException($"A step name is 1–{MaxStepNameLength} characters without control characters.", nameof(stepName));
        }

        Environment = environment;
        Run = run;
        StepName = stepName;
    }

    public EnvironmentId Environment { get; }

    public RunId Run { get; }

    public string StepName { get; }

    public override string ToString() => $"{Environment}/{Run}/{StepName}";
}
