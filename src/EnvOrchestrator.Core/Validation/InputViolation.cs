namespace EnvOrchestrator.Core.Validation;

/// <summary>A value that breaks an input's constraints; <see cref="SubPath"/> is relative to the value (empty for the value itself).</summary>
public sealed record InputViolation(string RuleId, string SubPath, string Message);
