using System.CommandLine;
using System.Text.RegularExpressions;
using Cli;
using Spectre.Console;
using YamlDotNet.RepresentationModel;
using static Deploy.Tests.Manifest;

namespace Deploy.Tests;

/// <summary>
/// The kustomize overlays rendered by kubectl and checked the way a careful reviewer would before applying them to
/// a cluster: every container command line is one `als` accepts, every reference resolves, every selector selects,
/// every path is on a volume, and every pod is locked down with probes and resources. (No cluster runs here.)
/// </summary>
public sealed partial class ManifestTests(RenderedOverlays rendered) : IClassFixture<RenderedOverlays>
{
    public static TheoryData<string> Overlays => new(RenderedOverlays.Names);

    private static readonly string[] Workloads = ["Deployment", "StatefulSet", "Job"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_overlay_renders_without_warnings_into_the_whole_pipeline(string overlay)
    {
        Assert.DoesNotContain("warning", rendered.Warnings(overlay), StringComparison.OrdinalIgnoreCase);
        IReadOnlyList<Manifest> objects = rendered.Objects(overlay);
        string[] expected = ["Namespace/als", "Service/als-coordinator", "PersistentVolumeClaim/als-data", "NetworkPolicy/als-cluster", "ServiceAccount/als",
            "Role/als-pod-reader", "RoleBinding/als-pod-reader", "Job/als-prepare", "Job/als-coordinator", "Deployment/als-worker"];
        foreach (string name in expected) Assert.Contains(name, objects.Select(o => o.ToString()));
        Assert.Single(objects, o => o.Kind == "ConfigMap" && o.Name.StartsWith("als-training-", StringComparison.Ordinal));   // hashed: pods restart when it changes
        Assert.DoesNotContain(objects, o => o.Kind == "StatefulSet" || o.Name.Contains("broker", StringComparison.Ordinal));   // no message broker
        Assert.All(objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal("als", Text(Map(o.Root, "metadata"), "namespace")));
        Assert.Equal("ReadWriteMany", Assert.Single(Seq(Map(objects.Single(o => o.Kind == "PersistentVolumeClaim").Root, "spec"), "accessModes")).ToString());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_als_container_command_line_is_accepted_by_the_als_parser_after_variable_expansion(string overlay)
    {
        IReadOnlyList<Manifest> objects = rendered.Objects(overlay);
        RootCommand als = CliApplication.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) }));
        var seen = new HashSet<string>();
        foreach ((Manifest owner, YamlMappingNode container) in AlsContainers(objects))
        {
            string[] args = [.. Seq(container, "args").Select(a => a.ToString())];
            Assert.True(Seq(container, "command").Count == 0, $"{owner}: the image's entrypoint is `als`; containers pass arguments only");
            IReadOnlyDictionary<string, string> environment = Environment(objects, container);
            string[] expanded = [.. args.Select(a => Expand(a, environment, owner))];
            ParseResult parse = als.Parse(expanded);
            Assert.True(parse.Errors.Count == 0, $"{owner}: `als {string.Join(' ', expanded)}` is rejected: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.NotSame(als, parse.CommandResult.Command);
            seen.Add(parse.CommandResult.Command.Name);
        }
        Assert.Equal(["prepare", "train", "worker"], seen.Order());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Paths_in_arguments_lie_on_mounted_volumes_and_mounts_name_declared_volumes(string overlay)
    {
        foreach ((Manifest owner, YamlMappingNode container) in AlsContainers(rendered.Objects(overlay)))
        {
            var volumes = Seq(owner.PodSpec, "volumes").Cast<YamlMappingNode>().Select(v => Text(v, "name")).ToHashSet();
            var mounts = Seq(container, "volumeMounts").Cast<YamlMappingNode>().ToList();
            Assert.All(mounts, m => Assert.Contains(Text(m, "name"), volumes));
            string[] mountPaths = [.. mounts.Select(m => Text(m, "mountPath")!)];
            foreach (string path in Seq(container, "args").Select(a => a.ToString()).Where(a => a.StartsWith('/')))
                Assert.True(mountPaths.Any(m => path == m || path.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal)),
                    $"{owner}: {path} is not under any mounted volume ({string.Join(", ", mountPaths)})");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Referenced_secrets_config_maps_keys_and_volume_claims_exist(string overlay)
    {
        IReadOnlyList<Manifest> objects = rendered.Objects(overlay);
        int references = 0;
        foreach (Manifest workload in objects.Where(o => Workloads.Contains(o.Kind)))
        {
            foreach (YamlMappingNode container in workload.Containers)
            {
                foreach (YamlMappingNode variable in Seq(container, "env").Cast<YamlMappingNode>())
                {
                    YamlMappingNode? from = Map(variable, "valueFrom");
                    foreach ((string kind, string key) in new[] { ("Secret", "secretKeyRef"), ("ConfigMap", "configMapKeyRef") })
                    {
                        if (Map(from, key) is not { } reference) continue;
                        Manifest target = Find(objects, kind, Text(reference, "name")!, workload);
                        Assert.True(Map(target.Root, "data")?.Children.ContainsKey(new YamlScalarNode(Text(reference, "key")!)),
                            $"{workload}: {kind} {target.Name} has no key {Text(reference, "key")}");
                        references++;
                    }
                }
                foreach (YamlMappingNode source in Seq(container, "envFrom").Cast<YamlMappingNode>())
                {
                    if (Map(source, "configMapRef") is { } map) { Find(objects, "ConfigMap", Text(map, "name")!, workload); references++; }
                    if (Map(source, "secretRef") is { } secret) { Find(objects, "Secret", Text(secret, "name")!, workload); references++; }
                }
            }
            if (Text(workload.PodSpec, "serviceAccountName") is { } account) { Find(objects, "ServiceAccount", account, workload); references++; }
            foreach (YamlMappingNode volume in Seq(workload.PodSpec, "volumes").Cast<YamlMappingNode>())
            {
                if (Map(volume, "persistentVolumeClaim") is { } claim) { Find(objects, "PersistentVolumeClaim", Text(claim, "claimName")!, workload); references++; }
                if (Map(volume, "configMap") is { } map) { Find(objects, "ConfigMap", Text(map, "name")!, workload); references++; }
                if (Map(volume, "secret") is { } secret) { Find(objects, "Secret", Text(secret, "secretName")!, workload); references++; }
            }
        }
        Assert.True(references >= 9, $"only {references} references found: the walk missed the manifests' structure");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Selectors_select_the_pods_they_mean_and_only_pipeline_pods_may_reach_the_cluster_ports(string overlay)
    {
        IReadOnlyList<Manifest> objects = rendered.Objects(overlay);
        Manifest[] workloads = [.. objects.Where(o => Workloads.Contains(o.Kind))];
        foreach (Manifest set in objects.Where(o => o.Kind is "Deployment" or "StatefulSet"))
            Assert.True(Selects(Pairs(Map(Map(Map(set.Root, "spec"), "selector"), "matchLabels")), set.PodLabels), $"{set}: its selector does not match its pod template");
        foreach (Manifest service in objects.Where(o => o.Kind == "Service"))
        {
            IReadOnlyDictionary<string, string> selector = Pairs(Map(Map(service.Root, "spec"), "selector"));
            Manifest[] selected = [.. workloads.Where(w => Selects(selector, w.PodLabels))];
            Assert.True(selected.Length == 1, $"{service} selects {selected.Length} workloads' pods");
            IEnumerable<string?> portNames = selected[0].Containers.SelectMany(c => Seq(c, "ports").Cast<YamlMappingNode>()).Select(p => Text(p, "name"));
            foreach (YamlMappingNode port in Seq(Map(service.Root, "spec"), "ports").Cast<YamlMappingNode>())
                Assert.Contains(Text(port, "targetPort"), portNames);
        }

        // The coordinator's headless Service is what the workers join and what the coordinator advertises.
        Manifest seed = objects.Single(o => o.ToString() == "Service/als-coordinator");
        Assert.Equal("None", Text(Map(seed.Root, "spec"), "clusterIP"));
        string[] coordinator = [.. Seq(objects.Single(o => o.ToString() == "Job/als-coordinator").Containers[0], "args").Select(a => a.ToString())];
        string[] worker = [.. Seq(objects.Single(o => o.ToString() == "Deployment/als-worker").Containers[0], "args").Select(a => a.ToString())];
        string port2552 = coordinator[Array.IndexOf(coordinator, "--port") + 1];
        Assert.Equal($"{coordinator[Array.IndexOf(coordinator, "--public-hostname") + 1]}:{port2552}", worker[Array.IndexOf(worker, "--join") + 1]);
        Assert.Equal(seed.Name, coordinator[Array.IndexOf(coordinator, "--public-hostname") + 1]);

        Manifest policy = Assert.Single(objects, o => o.Kind == "NetworkPolicy");
        YamlMappingNode spec = Map(policy.Root, "spec")!;
        foreach (Manifest node in workloads.Where(w => w.Name is "als-coordinator" or "als-worker"))
            Assert.True(Selects(Pairs(Map(Map(spec, "podSelector"), "matchLabels")), node.PodLabels), $"the policy must guard {node}");
        var ingress = (YamlMappingNode)Seq(spec, "ingress")[0];
        IReadOnlyDictionary<string, string> allowed = Pairs(Map(Map((YamlMappingNode)Seq(ingress, "from")[0], "podSelector"), "matchLabels"));
        foreach (Manifest pipeline in workloads) Assert.True(Selects(allowed, pipeline.PodLabels), $"{pipeline} could not reach the cluster");
        Assert.False(Selects(allowed, new Dictionary<string, string> { ["app.kubernetes.io/name"] = "something-else" }), "the policy must not admit every pod");
        Assert.Equal(["2552", "8080"], Seq(ingress, "ports").Cast<YamlMappingNode>().Select(p => Text(p, "port")).Order());
        Assert.Contains("Ingress", Seq(spec, "policyTypes").Select(t => t.ToString()));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_pods_may_list_pods_and_nothing_more(string overlay)
    {
        IReadOnlyList<Manifest> objects = rendered.Objects(overlay);
        Manifest role = objects.Single(o => o.Kind == "Role");
        var rule = Assert.Single(Seq(role.Root, "rules").Cast<YamlMappingNode>());
        Assert.Equal(["pods"], Seq(rule, "resources").Select(r => r.ToString()));
        Assert.Equal(["get", "list", "watch"], Seq(rule, "verbs").Select(v => v.ToString()).Order());
        Manifest binding = objects.Single(o => o.Kind == "RoleBinding");
        Assert.Equal(role.Name, Text(Map(binding.Root, "roleRef"), "name"));
        string account = Text((YamlMappingNode)Seq(binding.Root, "subjects")[0], "name")!;
        foreach (Manifest node in objects.Where(o => o.Name is "als-coordinator" or "als-worker" && Workloads.Contains(o.Kind)))
            Assert.Equal(account, Text(node.PodSpec, "serviceAccountName"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_container_has_resources_and_a_locked_down_security_context_and_services_have_probes(string overlay)
    {
        foreach (Manifest workload in rendered.Objects(overlay).Where(o => Workloads.Contains(o.Kind)))
        {
            YamlMappingNode pod = workload.PodSpec!;
            foreach (YamlMappingNode container in workload.Containers)
            {
                string where = $"{workload} container {Text(container, "name")}";
                foreach (string part in new[] { "requests", "limits" })
                    foreach (string resource in new[] { "cpu", "memory" })
                        Assert.True(At(container, "resources", part, resource) is not null, $"{where}: no {part}.{resource}");
                Assert.True(Text(container, "image") is { Length: > 0 }, $"{where}: no image");
                bool nonRoot = At(container, "securityContext", "runAsNonRoot")?.ToString() == "true" || At(pod, "securityContext", "runAsNonRoot")?.ToString() == "true";
                Assert.True(nonRoot, $"{where}: runAsNonRoot is not set");
                Assert.Equal("true", At(container, "securityContext", "readOnlyRootFilesystem")?.ToString());
                Assert.Equal("false", At(container, "securityContext", "allowPrivilegeEscalation")?.ToString());
                Assert.Contains("ALL", (At(container, "securityContext", "capabilities", "drop") as YamlSequenceNode)?.Children.Select(c => c.ToString()) ?? []);
                if (IsAls(container))
                {
                    // A read-only root needs a writable temp folder for the runtime and the tools' temp files.
                    YamlMappingNode tmp = Seq(container, "volumeMounts").Cast<YamlMappingNode>().Single(m => Text(m, "mountPath") == "/tmp");
                    YamlMappingNode volume = Seq(pod, "volumes").Cast<YamlMappingNode>().Single(v => Text(v, "name") == Text(tmp, "name"));
                    Assert.NotNull(Map(volume, "emptyDir"));
                }
                bool serves = workload.Kind is "Deployment" or "StatefulSet" || workload.Name == "als-coordinator";
                if (!serves) continue;
                foreach (string probe in new[] { "readinessProbe", "livenessProbe" })
                {
                    YamlMappingNode? found = Map(container, probe);
                    Assert.True(found is not null, $"{where}: no {probe}");
                    if (Map(found, "httpGet") is { } http)
                    {
                        Assert.Contains(Text(http, "port"), Seq(container, "ports").Cast<YamlMappingNode>().SelectMany(p => new[] { Text(p, "name"), Text(p, "containerPort") }));
                        Assert.Equal(probe == "readinessProbe" ? "/healthz/ready" : "/healthz/live", Text(http, "path"));
                        // The port the probes call is the one `als` serves them on.
                        string[] args = [.. Seq(container, "args").Select(a => a.ToString())];
                        int index = Array.IndexOf(args, "--management-port");
                        Assert.True(index >= 0, $"{where}: probes over HTTP but no --management-port");
                        Assert.Contains(args[index + 1], Seq(container, "ports").Cast<YamlMappingNode>().Select(p => Text(p, "containerPort")));
                    }
                    else Assert.True(Map(found, "exec") is not null || Map(found, "tcpSocket") is not null, $"{where}: {probe} has no handler");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Objects_carry_the_recommended_labels(string overlay)
    {
        foreach (Manifest item in rendered.Objects(overlay))
        {
            IReadOnlyDictionary<string, string> labels = item.Labels;
            foreach (string key in new[] { "app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by" })
                Assert.True(labels.ContainsKey(key), $"{item} has no label {key}");
            if (Workloads.Contains(item.Kind))
            {
                Assert.True(labels.ContainsKey("app.kubernetes.io/component"), $"{item} has no component label");
                Assert.Equal(labels["app.kubernetes.io/component"], item.PodLabels["app.kubernetes.io/component"]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Workers_get_time_to_leave_the_cluster_and_a_restarted_coordinator_resumes_its_run(string overlay)
    {
        IReadOnlyList<Manifest> objects = rendered.Objects(overlay);
        Manifest workers = objects.Single(o => o.ToString() == "Deployment/als-worker");
        // A block solve takes well under 10 s on the Last.fm 360K data; the grace period leaves ample room for a slow node.
        Assert.True(int.Parse(Text(workers.PodSpec, "terminationGracePeriodSeconds")!, System.Globalization.CultureInfo.InvariantCulture) >= 60);
        Manifest coordinator = objects.Single(o => o.ToString() == "Job/als-coordinator");
        Assert.Equal("OnFailure", Text(coordinator.PodSpec, "restartPolicy"));
        string[] args = [.. Seq(coordinator.Containers[0], "args").Select(a => a.ToString())];
        Assert.Contains("--auto-resume", args);
        Assert.Equal("0.0.0.0", args[Array.IndexOf(args, "--hostname") + 1]);
        Assert.Equal("0", args[Array.IndexOf(args, "--workers") + 1]);
        // Coordinator and workers share one store.
        string[] workerArgs = [.. Seq(workers.Containers[0], "args").Select(a => a.ToString())];
        Assert.Equal(args[Array.IndexOf(args, "--store") + 1], workerArgs[Array.IndexOf(workerArgs, "--store") + 1]);
    }

    [Fact]
    public void Production_runs_more_workers_with_more_threads_and_resources_than_local()
    {
        Manifest local = rendered.Objects("local").Single(o => o.ToString() == "Deployment/als-worker");
        Manifest production = rendered.Objects("production").Single(o => o.ToString() == "Deployment/als-worker");
        Assert.True(Replicas(production) > Replicas(local), $"replicas {Replicas(production)} vs {Replicas(local)}");
        Assert.True(Cpu(production) > Cpu(local), $"cpu limit {Cpu(production)} vs {Cpu(local)}");
        Assert.True(Threads("production") > Threads("local"));
        Assert.True(Threads("production") <= Cpu(production), "more solve threads than CPUs would only contend");

        static int Replicas(Manifest m) => int.Parse(Text(Map(m.Root, "spec"), "replicas")!, System.Globalization.CultureInfo.InvariantCulture);
        static double Cpu(Manifest m)
        {
            string value = At(m.Containers[0], "resources", "limits", "cpu")!.ToString();
            return value.EndsWith('m') ? double.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture) / 1000 : double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        int Threads(string overlay) => int.Parse(Pairs(Map(rendered.Objects(overlay).Single(o => o.Kind == "ConfigMap").Root, "data"))["WORKER_THREADS"], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void The_tls_certificate_is_generated_per_install_mounted_by_every_node_and_never_committed()
    {
        string pem = File.ReadAllText(rendered.CertificateFile);
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(rendered.CertificateFile);
        Assert.True(certificate.HasPrivateKey, "the file must hold the key too");
        Assert.True(certificate.NotAfter > DateTime.UtcNow.AddDays(30));
        foreach (string overlay in RenderedOverlays.Names)
        {
            IReadOnlyList<Manifest> objects = rendered.Objects(overlay);
            Manifest secret = objects.Single(o => o.Kind == "Secret" && o.Name.StartsWith("als-tls-", StringComparison.Ordinal));   // hashed: pods restart when it changes
            Assert.Equal(pem, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pairs(Map(secret.Root, "data"))["cluster.pem"])));
            foreach (Manifest node in objects.Where(o => o.Name is "als-coordinator" or "als-worker" && Workloads.Contains(o.Kind)))
            {
                YamlMappingNode volume = Seq(node.PodSpec, "volumes").Cast<YamlMappingNode>().Single(v => Map(v, "secret") is { } s && Text(s, "secretName") == secret.Name);
                YamlMappingNode mount = Seq(node.Containers[0], "volumeMounts").Cast<YamlMappingNode>().Single(m => Text(m, "name") == Text(volume, "name"));
                string[] args = [.. Seq(node.Containers[0], "args").Select(a => a.ToString())];
                Assert.Equal(Text(mount, "mountPath") + "/cluster.pem", args[Array.IndexOf(args, "--tls-certificate") + 1]);
                Assert.Equal("true", Text(mount, "readOnly"));
            }
        }
        // The generated folder is ignored by git and by the image build, so a key never lands in the repository or an image.
        Assert.Contains("deploy/k8s/base/tls/", File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".gitignore")));
        Assert.Contains("deploy/k8s/base/tls/", File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".dockerignore")));
    }

    private static IEnumerable<(Manifest Owner, YamlMappingNode Container)> AlsContainers(IReadOnlyList<Manifest> objects) =>
        objects.Where(o => Workloads.Contains(o.Kind)).SelectMany(o => o.Containers.Where(IsAls).Select(c => (o, c)));

    private static bool IsAls(YamlMappingNode container) => Text(container, "image") is { } image && image.Contains("als", StringComparison.Ordinal);

    private static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(p => labels.TryGetValue(p.Key, out string? value) && value == p.Value);

    private static Manifest Find(IReadOnlyList<Manifest> objects, string kind, string name, Manifest from) =>
        objects.SingleOrDefault(o => o.Kind == kind && o.Name == name) ?? throw new Xunit.Sdk.XunitException($"{from} refers to {kind} {name}, which the overlay does not define");

    /// <summary>The variables Kubernetes expands in arguments: env values and envFrom ConfigMap keys.</summary>
    private static Dictionary<string, string> Environment(IReadOnlyList<Manifest> objects, YamlMappingNode container)
    {
        var environment = new Dictionary<string, string>();
        foreach (YamlMappingNode source in Seq(container, "envFrom").Cast<YamlMappingNode>())
            if (Map(source, "configMapRef") is { } reference)
                foreach (KeyValuePair<string, string> pair in Pairs(Map(objects.Single(o => o.Kind == "ConfigMap" && o.Name == Text(reference, "name")).Root, "data")))
                    environment[pair.Key] = pair.Value;
        foreach (YamlMappingNode variable in Seq(container, "env").Cast<YamlMappingNode>())
            environment[Text(variable, "name")!] = Text(variable, "value") ?? "(from a secret)";
        return environment;
    }

    private static string Expand(string argument, IReadOnlyDictionary<string, string> environment, Manifest owner) =>
        Variable().Replace(argument, match => environment.TryGetValue(match.Groups[1].Value, out string? value)
            ? value
            : throw new Xunit.Sdk.XunitException($"{owner}: $({match.Groups[1].Value}) in the arguments is not defined in the container's environment"));

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Variable();
}
