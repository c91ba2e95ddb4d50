using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>
/// deploy/k8s copied to a temporary folder, the cluster's TLS certificate generated there with make-tls.sh (as a user
/// does before the first render), and each overlay rendered with <c>kubectl kustomize</c> and parsed.
/// </summary>
public sealed partial class RenderedOverlays : IDisposable
{
    /// <summary>The overlays under deploy/k8s/overlays.</summary>
    public static readonly string[] Names = ["local", "production"];

    private readonly TemporaryDirectory _folder = new();
    private readonly Dictionary<string, IReadOnlyList<Manifest>> _rendered = [];
    private readonly Dictionary<string, string> _warnings = [];

    /// <summary>Copies, generates the certificate and renders every overlay.</summary>
    public RenderedOverlays()
    {
        string copy = _folder.File("k8s");
        CopyTree(Path.Combine(RepositoryPaths.Root, "deploy", "k8s"), copy);
        if (Directory.Exists(Path.Combine(copy, "base", "tls"))) Directory.Delete(Path.Combine(copy, "base", "tls"), recursive: true);   // a developer's own file must not decide the result
        (int code, string output, string error) = Run("bash", Path.Combine(copy, "make-tls.sh"));
        if (code != 0) throw new InvalidOperationException($"make-tls.sh failed ({code}): {error}{output}");
        CertificateFile = Path.Combine(copy, "base", "tls", "cluster.pem");
        string kubectl = Kubectl();
        (code, output, error) = Run(kubectl, "version", "--client");
        if (!KustomizeFive().IsMatch(output))
            throw new InvalidOperationException($"{kubectl} embeds an old kustomize ({output.Trim()}); the overlays need kustomize v5 (kubectl 1.27 or newer).");
        foreach (string name in Names)
        {
            (code, output, error) = Run(kubectl, "kustomize", Path.Combine(copy, "overlays", name));
            if (code != 0) throw new InvalidOperationException($"kubectl kustomize overlays/{name} failed ({code}): {error}");
            _warnings[name] = error;
            var stream = new YamlStream();
            stream.Load(new StringReader(output));
            _rendered[name] = stream.Documents.Select(d => new Manifest((YamlMappingNode)d.RootNode)).ToList();
        }
    }

    /// <summary>The generated certificate file of the copy.</summary>
    public string CertificateFile { get; }

    /// <summary>The objects of overlay <paramref name="name"/>.</summary>
    public IReadOnlyList<Manifest> Objects(string name) => _rendered[name];

    /// <summary>What kubectl wrote to stderr while rendering <paramref name="name"/>.</summary>
    public string Warnings(string name) => _warnings[name];

    /// <summary>kubectl on the PATH (the Debian package, installed by .ci/run).</summary>
    private static string Kubectl()
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(folder, "kubectl"))) return Path.Combine(folder, "kubectl");
        throw new InvalidOperationException("kubectl is not installed: apt-get install -y kubernetes-client (or kubectl); the deploy tests render the manifests with it.");
    }

    private static (int Code, string Output, string Error) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within 2 minutes");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string folder in Directory.GetDirectories(from)) CopyTree(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    /// <inheritdoc/>
    public void Dispose() => _folder.Dispose();

    [System.Text.RegularExpressions.GeneratedRegex(@"Kustomize Version: v([5-9]|\d\d)\.")]
    private static partial System.Text.RegularExpressions.Regex KustomizeFive();
}
