namespace EnvOrchestrator.Lifecycle.Tests.UseCases;

/// <summary>Asserts how a use case refused: the kind of problem (its stable text), the request field at fault and the rule broken.</summary>
internal static class Refusals
{
    public static LifecycleProblem AssertRefused<T>(LifecycleResult<T> result, string code, string? field, string? rule)
        where T : class
    {
        Assert.False(result.Succeeded, "The use case accepted what it should refuse.");
        Assert.Equal((code, field, rule), ($"{result.Problem.Code}", result.Problem.Field, result.Problem.Rule));
        Assert.False(string.IsNullOrWhiteSpace(result.Problem.Detail));
        return result.Problem;
    }
}
