namespace EnvOrchestrator.Terraform;

public enum TerraformFailureKind
{
    /// <summary>Another run holds the state lock (after waiting <c>-lock-timeout</c>). Retry later.</summary>
    StateLocked,

    /// <summary>A provider could not be installed or loaded (not in the mirror, registry unreachable).</summary>
    ProviderUnavailable,

    /// <summary>An input is missing, has the wrong type or fails a variable validation.</summary>
    InvalidInput,

    /// <summary>The module itself is invalid (syntax, references, unsupported arguments).</summary>
    InvalidConfiguration,

    /// <summary>A resource or provisioner failed during plan, apply or destroy.</summary>
    ResourceError,

    /// <summary>The state backend could not be read or written (network, credentials, lock lost).</summary>
    BackendError,

    /// <summary>A command ran longer than its timeout and was interrupted (then killed after the grace period).</summary>
    TimedOut,

    /// <summary>The caller cancelled; Terraform was interrupted (then killed after the grace period).</summary>
    Cancelled,

    /// <summary>Terraform died from a signal it did not get from the runner, or crashed.</summary>
    Killed,

    /// <summary>The plan was rejected by <see cref="TerraformRunRequest.ApprovePlan"/>.</summary>
    PlanRejected,

    /// <summary>Anything else: a non-zero exit without a recognised diagnostic, or the executable could not start.</summary>
    Unexpected,
}

/// <summary>Why a run failed, as data: decided once here so that retries are decided in one place.</summary>
/// <param name="Message">Short, for people; sensitive values redacted.</param>
/// <param name="Detail">Terraform's error diagnostics (summary and detail), redacted.</param>
/// <param name="Command">The Terraform command that failed (init, plan, apply, …).</param>
/// <param name="ExitCode">Null when the process could not be started.</param>
/// <param name="IsTransient">True when the same run may succeed later (lock held, backend hiccup, timeout).</param>
/// <param name="StateMayBeLocked">
/// True when Terraform was killed and cannot have released its lock: release it server-side and re-plan before the next apply.
/// </param>
public sealed record TerraformFailure(
    TerraformFailureKind Kind,
    string Message,
    string? Detail,
    string Command,
    int? ExitCode,
    bool IsTransient,
    bool StateMayBeLocked);
