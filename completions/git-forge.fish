# fish completion for git forge. fish's git completion hands `git forge <TAB>` to the
# completions of the git-forge command, so these cover both spellings.

set -l commands show status sync ingest install uninstall publish fetch
complete -c git-forge -f
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -l help -d 'Open the manual page'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -a show -d 'Show a commit with its pull requests and issues'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -a status -d 'Show the store, forge, backlog and resolver'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -a sync -d 'Ingest and resolve pending references'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -a ingest -d 'Read new commits into the store'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -a install -d 'Install the hooks'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -a uninstall -d 'Remove the hooks'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -a publish -d 'Share the resolved cache through the remote'
complete -c git-forge -n "not __fish_seen_subcommand_from $commands" -a fetch -d 'Fetch and import the shared cache'

complete -c git-forge -n "__fish_seen_subcommand_from show" -l json -d 'Print JSON'
complete -c git-forge -n "__fish_seen_subcommand_from show" -l color -f -a 'always never auto' -d 'Colour the output'
complete -c git-forge -n "__fish_seen_subcommand_from show" -l no-pager -d 'Do not use a pager'
complete -c git-forge -n "__fish_seen_subcommand_from show" -a '(git for-each-ref --format="%(refname:short)" refs/heads refs/tags refs/remotes 2>/dev/null)' -d 'Revision'
complete -c git-forge -n "__fish_seen_subcommand_from status ingest" -l json -d 'Print JSON'
complete -c git-forge -n "__fish_seen_subcommand_from sync" -l foreground -d 'Resolve in this terminal'
complete -c git-forge -n "__fish_seen_subcommand_from sync" -l limit -x -d 'Resolve at most N references'
complete -c git-forge -n "__fish_seen_subcommand_from sync" -l rebuild -d 'Refetch the cache'
complete -c git-forge -n "__fish_seen_subcommand_from sync" -l log -d 'Print the resolver log'
complete -c git-forge -n "__fish_seen_subcommand_from sync" -l follow -d 'Keep following the log'
complete -c git-forge -n "__fish_seen_subcommand_from sync" -l stop -d 'Stop the running resolver'
complete -c git-forge -n "__fish_seen_subcommand_from install" -l force -d 'Write into a managed hooks directory'
complete -c git-forge -n "__fish_seen_subcommand_from uninstall" -l purge -d 'Also delete the store'
complete -c git-forge -n "__fish_seen_subcommand_from publish" -l no-push -d 'Write the local refs only'
complete -c git-forge -n "__fish_seen_subcommand_from publish fetch" -a '(git remote 2>/dev/null)' -d 'Remote'
