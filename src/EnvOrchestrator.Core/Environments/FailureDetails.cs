namespace EnvOrchestrator.Core.Environments;

/// <summary>
/// Why something failed, stored as data. <see cref="ErrorType"/> is a classification callers can switch on
/// (e.g. <c>Terraform.Authorization</c>, <c>Timeout</c>); <see cref="IsTransient"/> says whether retrying as is may help.
/// </summary>
public sealed record FailureDetails(string ErrorType, string Message, string? Detail, bool IsTransient);

/// <summary>The resource that made an environment fail, with its classified error and where its log is.</summary>
public sealed record ResourceFailure(string ResourceName, FailureDetails Details, StepLogId? Log);
