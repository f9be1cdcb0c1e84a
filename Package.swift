// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "git-forge",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "git-forge", targets: ["GitForgeCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // libgit2's headers. No pkgConfig and no `link`: CGit2Startup links the static archive.
        .systemLibrary(
            name: "CGit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // libgit2 linked statically, for start-up (see startup.c and
        // docs/architecture.md, "Start-up cost"): the archives' order is the link order. The
        // `--wrap`s replace libgit2 functions at link time (startup.c, truncated_objects.c,
        // pack_inflate.c: packed objects inflated by libdeflate).
        .target(
            name: "CGit2Startup",
            linkerSettings: [
                .linkedLibrary(":libgit2.a"), .linkedLibrary(":libmbedtls.a"),
                .linkedLibrary(":libmbedx509.a"), .linkedLibrary(":libmbedcrypto.a"),
                .linkedLibrary(":libhttp_parser.a"), .linkedLibrary(":libssh2.a"),
                .linkedLibrary(":libcrypto.a"), .linkedLibrary(":libpcre2-8.a"),
                .linkedLibrary(":libz.a"), .linkedLibrary(":libdeflate.a"),
                .unsafeFlags(["-Xlinker", "--wrap=git_mbedtls_stream_global_init",
                                "-Xlinker", "--wrap=git_transport_ssh_global_init",
                                "-Xlinker", "--wrap=git_zstream_get_output",
                                "-Xlinker", "--wrap=git_zstream_get_output_chunk", "-Xlinker", "--as-needed"]),
            ]
        ),
        // libcurl, loaded with dlopen on first use (see docs/architecture.md): a C shim because
        // Swift cannot call the variadic curl_easy_setopt/curl_easy_getinfo.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // SQLite's process-wide settings (sqlite3_config is variadic): see its header.
        .target(
            name: "CSQLiteConfig",
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        .target(
            name: "GitForgeCore",
            dependencies: [
                "CGit2", "CGit2Startup", "CCurl", "CSQLiteConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for ingest's hot insert loop (Store/ only).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            plugins: ["EmbedHooks"]
        ),
        // Builds hooks/* into GitForgeCore (see docs/architecture.md, "Hooks").
        .plugin(name: "EmbedHooks", capability: .buildTool()),
        .executableTarget(
            name: "GitForgeCLI",
            dependencies: [
                "GitForgeCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "GitForgeTestSupport",
            dependencies: ["GitForgeCore"]
        ),
        // The test forge as a process (`make demo`, bench/resolver.sh); not a product, never installed.
        .executableTarget(
            name: "git-forge-testforge",
            dependencies: ["GitForgeTestSupport"],
            path: "Sources/GitForgeTestForge"
        ),
        .testTarget(
            name: "GitForgeCoreTests",
            dependencies: ["GitForgeCore", "GitForgeTestSupport"]
        ),
        .testTarget(
            name: "GitForgeCLITests",
            // GRDB: the reliability suites read and hold the store's SQLite file directly.
            dependencies: ["GitForgeCore", "GitForgeTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
