namespace EnvOrchestrator.Terraform;

/// <summary>
/// Something Terraform reported, delivered while the command runs. Texts are redacted: no value marked sensitive
/// (input, output or plan attribute) appears in an event.
/// </summary>
public abstract record TerraformEvent
{
    /// <summary>The Terraform command that produced it: init, plan, show, apply, destroy, output.</summary>
    public string Command { get; init; } = string.Empty;

    public DateTimeOffset Timestamp { get; init; }
}

/// <param name="ProcessId">Also the process group id when Terraform runs in its own group.</param>
public sealed record CommandStartedEvent(int ProcessId) : TerraformEvent;

public sealed record CommandFinishedEvent(int ExitCode, TimeSpan Elapsed) : TerraformEvent;

/// <summary>A resource operation began (<c>apply_start</c>, <c>refresh_start</c> as action "refresh").</summary>
public sealed record ResourceStartedEvent(string Address, string Action) : TerraformEvent;

/// <summary>Terraform's "Still creating... [10s elapsed]".</summary>
public sealed record ResourceProgressEvent(string Address, string Action, int ElapsedSeconds) : TerraformEvent;

public sealed record ResourceCompletedEvent(string Address, string Action, string? IdKey, string? IdValue, int ElapsedSeconds) : TerraformEvent;

public sealed record ResourceErroredEvent(string Address, string Action, int ElapsedSeconds) : TerraformEvent;

public enum ProvisionerStage
{
    Started,
    Output,
    Completed,
    Errored,
}

/// <summary>A provisioner (e.g. local-exec) step; <see cref="Output"/> is one line of its output, redacted.</summary>
public sealed record ProvisionerEvent(string Address, string Provisioner, ProvisionerStage Stage, string? Output) : TerraformEvent;

public sealed record PlannedChangeEvent(string Address, string Action) : TerraformEvent;

public sealed record DiagnosticEvent(string Severity, string Summary, string Detail, string? Address) : TerraformEvent;

public sealed record ChangeSummaryEvent(TerraformChangeSummary Changes) : TerraformEvent;

/// <summary>The outputs Terraform reported, without values (read them from the result).</summary>
public sealed record OutputsEvent(IReadOnlyList<TerraformOutputChange> Outputs) : TerraformEvent;

/// <summary>Any other line: Terraform's log/init messages, or non-JSON output.</summary>
public sealed record MessageEvent(string Level, string Text) : TerraformEvent;
