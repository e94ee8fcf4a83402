using System.Reflection;
using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.Tests.Http;

/// <summary>The one vocabulary of refusals and its one HTTP mapping (<see cref="Problems"/>).</summary>
public sealed class ProblemsTests
{
    public static TheoryData<string> Codes => [.. ProblemCodes.All.Select(c => c.Value)];

    [Fact]
    public void All_EveryDeclaredCode_ListedOnce()
    {
        var declared = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ProblemCode))
            .Select(f => (ProblemCode)f.GetValue(null)!)
            .ToList();

        Assert.Equal(declared.Count, ProblemCodes.All.Count);
        Assert.All(declared, c => Assert.Contains(c, ProblemCodes.All));
        Assert.Equal(ProblemCodes.All.Count, ProblemCodes.All.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void HttpOf_EveryCode_ErrorStatusAndTitle(string value)
    {
        var code = ProblemCodes.Parse(value);

        var (status, title) = Problems.HttpOf(code);

        Assert.InRange(status, 400, 599);
        Assert.False(string.IsNullOrWhiteSpace(title));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Create_EveryCode_TypeAndCodeNameTheCode(string value)
    {
        var code = ProblemCodes.Parse(value);

        var details = Problems.Create(code, "detail", "field", "rule").ProblemDetails;

        Assert.Equal($"https://envorch.io/problems/{value}", details.Type);
        Assert.Equal(value, details.Extensions["code"]);
        Assert.Equal(("field", "rule"), (details.Extensions["field"], details.Extensions["rule"]));
        Assert.Equal(Problems.HttpOf(code), (details.Status!.Value, details.Title!));
    }

    [Theory]
    [InlineData("invalid-request", 400)]
    [InlineData("unauthenticated", 401)]
    [InlineData("forbidden", 403)]
    [InlineData("not-found", 404)]
    [InlineData("conflict", 409)]
    [InlineData("request-in-progress", 409)]
    [InlineData("precondition-failed", 412)]
    [InlineData("body-too-large", 413)]
    [InlineData("unsupported-media-type", 415)]
    [InlineData("rule-violated", 422)]
    [InlineData("idempotency-key-reused", 422)]
    [InlineData("precondition-required", 428)]
    public void HttpOf_PublishedCode_KeepsItsStatus(string value, int status)
    {
        var code = ProblemCodes.Parse(value);

        var mapped = Problems.HttpOf(code);

        Assert.Equal(status, mapped.Status);
    }

    [Fact]
    public void Parse_UnknownCode_Throws()
    {
        var parsed = ProblemCodes.TryParse("teapot", out var code);

        Assert.False(parsed);
        Assert.Null(code);
        Assert.Throws<ArgumentException>(() => new LifecycleProblem("teapot", "detail"));
    }

    [Theory]
    [InlineData(DomainErrorCodes.EnvironmentNotFound, 404, "name", "environment.not-found")]
    [InlineData(DomainErrorCodes.VersionMismatch, 412, "If-Match", "etag-mismatch")]
    [InlineData(DomainErrorCodes.RunInProgress, 409, "name", DomainErrorCodes.RunInProgress)]
    [InlineData(DomainErrorCodes.InvalidTransition, 409, "status", DomainErrorCodes.InvalidTransition)]
    [InlineData(DomainErrorCodes.TtlNotPositive, 400, "ttl", DomainErrorCodes.TtlNotPositive)]
    [InlineData(DomainErrorCodes.TtlAboveMax, 422, "ttl", DomainErrorCodes.TtlAboveMax)]
    public void From_DomainError_StatusFieldAndRuleClientsSee(string domainCode, int status, string field, string rule)
    {
        var problem = LifecycleProblem.FromDomain(new DomainError(domainCode, "message"), "ttl");

        var details = Problems.From(problem).ProblemDetails;

        Assert.Equal((status, field, rule), (details.Status!.Value, details.Extensions["field"], details.Extensions["rule"]));
    }

    [Fact]
    public void Create_RequestInProgress_SharesConflictTitle()
    {
        var inProgress = Problems.Create(ProblemCodes.RequestInProgress, "d", null, null).ProblemDetails;

        var conflict = Problems.Create(ProblemCodes.Conflict, "d", null, null).ProblemDetails;

        Assert.Equal((StatusCodes.Status409Conflict, conflict.Title), (inProgress.Status!.Value, inProgress.Title));
        Assert.False(inProgress.Extensions.ContainsKey("field"));
    }
}
