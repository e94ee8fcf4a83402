using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Quotas;

namespace EnvOrchestrator.Core.Tests.Quotas;

public sealed class ProjectQuotaRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_NameAlreadyClaimed_ReplacedInPlaceNotCountedTwice()
    {
        var record = new ProjectQuotaRecord { Project = ProjectName.Parse("team-a") }
            .With(Claim("app-a", "alice", Now))
            .With(Claim("app-b", "bob", Now));

        var again = record.With(Claim("app-a", "carol", Now.AddHours(1)));

        Assert.Equal(["app-a", "app-b"], again.Claims.Select(c => c.Name.Value));
        Assert.Equal(Claim("app-a", "carol", Now.AddHours(1)), again.Find(EnvironmentName.Parse("app-a")));
        Assert.Equal(0, again.CountOwnedBy("alice"));
        Assert.Equal(1, again.CountOwnedBy("carol"));
    }

    [Fact]
    public void Without_Names_DropsOnlyThoseClaims()
    {
        var record = new ProjectQuotaRecord { Project = ProjectName.Parse("team-a") }
            .With(Claim("app-a", "alice", Now)).With(Claim("app-b", "alice", Now)).With(Claim("app-c", "bob", Now));

        var left = record.Without([EnvironmentName.Parse("app-a"), EnvironmentName.Parse("app-c")]);

        Assert.Equal(["app-b"], left.Claims.Select(c => c.Name.Value));
    }

    private static QuotaClaim Claim(string name, string owner, DateTimeOffset at) => new(EnvironmentName.Parse(name), owner, at);
}
