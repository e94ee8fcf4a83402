using System.Net;
using System.Text;
using EnvOrchestrator.Terraform.Execution;
using EnvOrchestrator.Terraform.Redaction;

namespace EnvOrchestrator.Terraform.Tests.Unit.Execution;

public sealed class StateOutputsTests
{
    private static readonly TerraformHttpBackend Backend = new(new Uri("http://127.0.0.1:1/tfstate/p/e.r"), "user", "pa55word");

    [Fact]
    public async Task TryReadAsync_StateWithOutputs_ValuesSensitivityAndBasicAuth()
    {
        const string State = """
            {"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"l","outputs":{
              "url":{"value":"https://x","type":"string"},
              "key":{"value":"k3y-value-secret","type":"string","sensitive":true}},"resources":[]}
            """;
        var handler = new FakeHandler(HttpStatusCode.OK, State);
        using var client = new HttpClient(handler);
        var redactor = new SecretRedactor();

        var outputs = await StateOutputs.TryReadAsync(client, Backend, redactor, CancellationToken.None);

        Assert.NotNull(outputs);
        Assert.Equal("https://x", outputs["url"].Value.GetString());
        Assert.False(outputs["url"].IsSensitive);
        Assert.True(outputs["key"].IsSensitive);
        Assert.Equal("k3y-value-secret", outputs["key"].Value.GetString());
        Assert.Equal("say " + SecretRedactor.Placeholder, redactor.Redact("say k3y-value-secret"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pa55word")), handler.Authorization);
        Assert.Equal(Backend.Address, handler.RequestUri);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent, "")]
    [InlineData(HttpStatusCode.NotFound, "")]
    [InlineData(HttpStatusCode.Unauthorized, "{}")]
    [InlineData(HttpStatusCode.OK, "not json")]
    [InlineData(HttpStatusCode.OK, """{"version":3,"outputs":{}}""")]
    public async Task TryReadAsync_NoReadableState_NullSoTheRunnerAsksTerraform(HttpStatusCode status, string body)
    {
        using var client = new HttpClient(new FakeHandler(status, body));

        var outputs = await StateOutputs.TryReadAsync(client, Backend, new SecretRedactor(), CancellationToken.None);

        Assert.Null(outputs);
    }

    [Fact]
    public async Task TryReadAsync_EmptyState_NoOutputs()
    {
        using var client = new HttpClient(new FakeHandler(HttpStatusCode.OK, """{"version":4,"outputs":{},"resources":[]}"""));

        var outputs = await StateOutputs.TryReadAsync(client, Backend, new SecretRedactor(), CancellationToken.None);

        Assert.NotNull(outputs);
        Assert.Empty(outputs);
    }

    private sealed class FakeHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public string? Authorization { get; private set; }

        public Uri? RequestUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.Authorization?.ToString();
            RequestUri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }
}
