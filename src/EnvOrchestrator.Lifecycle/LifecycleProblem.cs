namespace EnvOrchestrator.Lifecycle;

/// <summary>
/// Why a command or query was refused, as data. <see cref="Code"/> is one of <see cref="ProblemCodes"/> (what kind of
/// refusal, which callers map to a status); <see cref="Rule"/> is the precise rule broken (e.g. <c>input.pattern-mismatch</c>,
/// <c>extension-count-exceeded</c>); <see cref="Field"/> the request field at fault (e.g. <c>inputs.cache_sku</c>).
/// </summary>
public sealed record LifecycleProblem(string Code, string Detail, string? Field = null, string? Rule = null);
