using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Core.Tests.Validation;

public sealed class PolicyScopeTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("team-*", "team-a", true)]
    [InlineData("team-*", "ops", false)]
    [InlineData("*-prod", "shop-prod", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("exact", "exact", true)]
    public void GlobMatches_Pattern_MatchesStar(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, PolicyScope.GlobMatches(pattern, text));
    }

    [Fact]
    public void AppliesTo_ProjectAndTemplate_BothMustMatch()
    {
        var scope = new PolicyScope(["team-*"], ["web-*"]);

        Assert.True(scope.AppliesTo("team-a", "web-stack"));
        Assert.False(scope.AppliesTo("team-a", "cache-only"));
    }
}
