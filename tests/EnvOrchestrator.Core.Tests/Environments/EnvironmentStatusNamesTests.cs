using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Tests.Environments;

public sealed class EnvironmentStatusNamesTests
{
    [Theory]
    [InlineData("Queued", EnvironmentStatus.Queued)]
    [InlineData("ready", EnvironmentStatus.Ready)]
    [InlineData(" Failed ", EnvironmentStatus.Failed)]
    [InlineData("Validating", EnvironmentStatus.Queued)]
    [InlineData("VALIDATING", EnvironmentStatus.Queued)]
    public void TryParse_CurrentOrFormerName_ReadsStatus(string text, EnvironmentStatus expected)
    {
        Assert.True(EnvironmentStatusNames.TryParse(text, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("-1")]
    [InlineData("Ready,Failed")]
    [InlineData("Sleeping")]
    public void TryParse_NumberListOrUnknownName_Refused(string? text)
    {
        Assert.False(EnvironmentStatusNames.TryParse(text, out _));
    }

    [Fact]
    public void Current_ListsOnlyTodaysNames()
    {
        Assert.Contains("Queued", EnvironmentStatusNames.Current);
        Assert.DoesNotContain("Validating", EnvironmentStatusNames.Current);
    }
}
