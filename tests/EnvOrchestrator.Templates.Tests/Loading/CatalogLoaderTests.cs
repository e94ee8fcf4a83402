using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Templates.Tests.Loading;

public sealed class CatalogLoaderTests
{
    [Fact(Timeout = 30_000)]
    public async Task LoadFiles_FileWithManyProblems_ReportsAllOfThemInLineOrder()
    {
        var file = new CatalogFile("many.yaml", """
            apiVersion: envorch.io/v1
            kind: EnvironmentTemplate
            metadata: { name: many, version: 1.0.0 }
            spec:
              inputs:
                region: { type: string, pattern: "[a-", default: west, override: restricted }
              lifetime: { defaultTtl: 9h, maxTtl: 8h }
              resources:
                - name: a
                  template: nothing@1.0.0
                  dependsOn: [ghost]
                - name: a
                  template: other@^2
              colour: blue
            """);

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        Assert.Equal(
            [
                (6, RuleIds.InvalidPattern),
                (6, RuleIds.RestrictedWithoutAllowed),
                (7, RuleIds.DefaultTtlExceedsMax),
                (10, RuleIds.UnknownTemplate),
                (11, RuleIds.UnknownResource),
                (12, RuleIds.DuplicateResource),
                (14, RuleIds.SchemaUnknownField),
            ],
            result.Errors.Select(e => (e.Line, e.RuleId)));
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadFiles_NullableInput_ReadAndFalseByDefault()
    {
        var file = new CatalogFile("nullable.yaml", """
            apiVersion: envorch.io/v1
            kind: ResourceTemplate
            metadata: { name: nullable, version: 1.0.0 }
            spec:
              module: .
              inputs:
                maybe: { type: string, nullable: true, required: false }
                never: { type: string, required: false }
            """);

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        Assert.Empty(result.Errors);
        var inputs = Assert.Single(result.Catalog.ResourceTemplates).Inputs;
        Assert.True(inputs.Single(i => i.Name == "maybe").Nullable);
        Assert.False(inputs.Single(i => i.Name == "never").Nullable);
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadFiles_ErrorColumn_PointsAtTheValue()
    {
        var file = new CatalogFile("col.yaml", """
            apiVersion: envorch.io/v1
            kind: ResourceTemplate
            metadata: { name: col, version: 1.0.0 }
            spec:
              inputs:
                n: { type: number, default: abc }
            """);

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal((6, 24, "spec.inputs.n.default"), (error.Line, error.Column, error.Path));
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadFiles_OverDefaultSizeLimit_IsRejected()
    {
        var file = new CatalogFile("big.yaml", "# " + new string('x', 2 * 1024 * 1024) + "\n");

        var result = await CatalogLoader.LoadFilesAsync([file], null, CancellationToken.None);

        Assert.Equal(RuleIds.FileTooLarge, Assert.Single(result.Errors).RuleId);
    }

    [Fact(Timeout = 30_000)]
    public async Task LoadDirectory_DemoCatalog_MapsLifetimeAndSharing()
    {
        var result = await CatalogLoader.LoadDirectoryAsync(RepositoryPaths.DemoCatalog, null, CancellationToken.None);
        var webStack = result.Catalog.EnvironmentTemplates.Single(t => t.Name == "web-stack");

        Assert.Equal(TimeSpan.FromHours(8), webStack.Lifetime.DefaultTtl);
        Assert.Equal(TimeSpan.FromHours(72), webStack.Lifetime.MaxTtl);
        Assert.Equal([TimeSpan.FromHours(2), TimeSpan.FromMinutes(30)], webStack.Lifetime.WarnBefore.AsEnumerable());
        Assert.True(webStack.IsSharedWith("any-project"));
        Assert.True(webStack.Outputs.Single(o => o.Name == "cache_key").Sensitive);
    }
}
