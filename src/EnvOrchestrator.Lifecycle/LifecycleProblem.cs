using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle;

/// <summary>
/// Why a command or query was refused, as data. <see cref="Code"/> is one of <see cref="ProblemCodes"/> (what kind of
/// refusal, which callers map to a status); <see cref="Rule"/> is the precise rule broken (e.g. <c>input.pattern-mismatch</c>,
/// <c>extension-count-exceeded</c>); <see cref="Field"/> the request field at fault (e.g. <c>inputs.cache_sku</c>).
/// </summary>
public sealed record LifecycleProblem(ProblemCode Code, string Detail, string? Field = null, string? Rule = null)
{
    /// <summary>For callers that hold a code's text; it must be one of <see cref="ProblemCodes"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of the codes.</exception>
    public LifecycleProblem(string code, string detail, string? field = null, string? rule = null)
        : this(ProblemCodes.Parse(code), detail, field, rule)
    {
    }

    /// <summary>
    /// The one translation of a broken domain rule into a refusal. The domain code becomes the <see cref="Rule"/>
    /// (clients match on it, e.g. <c>ttl-above-max</c>), except for a missing environment and a stale version, whose
    /// rules the API has always named <c>environment.not-found</c> and <c>etag-mismatch</c>.
    /// </summary>
    /// <param name="valueField">The request field whose value broke a lifetime rule (<c>ttl</c>, <c>by</c>), if any.</param>
    public static LifecycleProblem FromDomain(DomainError error, string? valueField = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            DomainErrorCodes.EnvironmentNotFound => new(ProblemCodes.NotFound, error.Message, "name", "environment.not-found"),
            DomainErrorCodes.VersionMismatch => new(ProblemCodes.PreconditionFailed, error.Message, "If-Match", "etag-mismatch"),
            DomainErrorCodes.RunInProgress => new(ProblemCodes.Conflict, error.Message, "name", error.Code),
            DomainErrorCodes.InvalidTransition => new(ProblemCodes.Conflict, error.Message, "status", error.Code),

            // Not a rule the request breaks but a value no rule could accept.
            DomainErrorCodes.TtlNotPositive or DomainErrorCodes.ExtensionNotPositive => new(ProblemCodes.InvalidRequest, error.Message, valueField, error.Code),
            _ => new(ProblemCodes.RuleViolated, error.Message, valueField, error.Code),
        };
    }
}
