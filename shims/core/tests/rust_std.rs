// A Rust program of the x86_64-pc-windows-gnu target on its standard library: threads, channels
// and a mutex, a panic caught by catch_unwind (unwinding through SEH), files and directories (also
// removed recursively, through NtCreateFile relative to a directory handle), the environment,
// child processes (exit codes, piped standard streams), time, and a HashMap (seeded with random
// bytes from the system).
use std::collections::HashMap;
use std::env;
use std::fs;
use std::io::{Read, Write};
use std::panic;
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

fn child(mode: &str) -> i32 {
    match mode {
        "upper" => {
            let mut input = String::new();
            std::io::stdin().read_to_string(&mut input).unwrap();
            print!("{}", input.to_uppercase());
            eprintln!("child: {} bytes", input.len());
            4
        }
        "greet" => {
            let args: Vec<String> = env::args().skip(3).collect();
            println!("child: {:?}", args);
            std::io::stdout().flush().unwrap();
            3
        }
        _ => 1,
    }
}

fn main() {
    let args: Vec<String> = env::args().collect();
    if args.len() > 2 && args[1] == "child" {
        std::process::exit(child(&args[2]));
    }

    // Threads: a channel of results and a shared counter.
    let counter = Arc::new(Mutex::new(0u64));
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for id in 0..4u64 {
        let counter = Arc::clone(&counter);
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            let mut local = 0u64;
            for i in 0..100_000u64 {
                local = local.wrapping_add(i * (id + 1));
                if i % 1000 == 0 {
                    *counter.lock().unwrap() += 1;
                }
            }
            tx.send((id, local)).unwrap();
        }));
    }
    drop(tx);
    for h in handles {
        h.join().unwrap();
    }
    let mut results: Vec<(u64, u64)> = rx.iter().collect();
    results.sort();
    println!("threads: {:?}, counter {}", results, *counter.lock().unwrap());

    // A panic caught on this thread, and one that ends another thread.
    panic::set_hook(Box::new(|info| {
        let msg = info.payload().downcast_ref::<&str>().copied().unwrap_or("?");
        println!("panic hook: {}", msg);
    }));
    let caught = panic::catch_unwind(|| {
        let v: Vec<i32> = Vec::new();
        if v.is_empty() {
            panic!("caught here");
        }
        v[0]
    });
    println!("catch_unwind: {}", if caught.is_err() { "Err" } else { "Ok" });
    let joined = thread::spawn(|| -> i32 { panic!("in a thread") }).join();
    println!("join of a panicking thread: {}", if joined.is_err() { "Err" } else { "Ok" });
    let _ = panic::take_hook();

    // Files and directories.
    let dir = env::temp_dir().join(format!("rust_std_{}", std::process::id()));
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("a.txt"), b"alpha\n").unwrap();
    fs::write(dir.join("sub").join("b.txt"), b"beta beta\n").unwrap();
    let mut f = fs::OpenOptions::new().append(true).open(dir.join("a.txt")).unwrap();
    f.write_all(b"more\n").unwrap();
    drop(f);
    let mut names: Vec<String> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let meta = fs::metadata(dir.join("a.txt")).unwrap();
    println!("dir: {:?}, a.txt {} bytes, is_file {}", names, meta.len(), meta.is_file());
    fs::rename(dir.join("a.txt"), dir.join("c.txt")).unwrap();
    println!("read c.txt: {:?}", fs::read_to_string(dir.join("c.txt")).unwrap());
    println!("missing: {}", fs::read(dir.join("a.txt")).map(|_| "found".to_string()).unwrap_or_else(|e| format!("{:?}", e.kind())));
    fs::remove_dir_all(&dir).unwrap();
    println!("removed: {}", !dir.exists());

    // Environment.
    env::set_var("RUST_STD_SAMPLE", "value=1");
    println!("env: {:?}, missing {:?}", env::var("RUST_STD_SAMPLE"), env::var("RUST_STD_NOPE").is_err());

    // Child processes (this program again): one sharing this one's standard streams, one with its
    // three streams on pipes (Rust's are overlapped named pipes: a write with WriteFileEx and an
    // alertable wait, two overlapped reads at once), one whose output() is collected.
    let exe = env::current_exe().unwrap();
    let status = Command::new(&exe).args(["child", "greet", "two words"]).status().unwrap();
    println!("child exit: {:?}", status.code());
    let mut c = Command::new(&exe)
        .args(["child", "upper"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(b"through a pipe\nsecond line\n").unwrap();
    let out = c.wait_with_output().unwrap();
    println!("piped child: {:?} {:?} {:?}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr), out.status.code());
    let o = Command::new(&exe).args(["child", "upper"]).output().unwrap();
    println!("output(): {:?} {:?} {:?}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr), o.status.code());
    let missing = Command::new("no-such-program-here").status();
    println!("missing program: {}", missing.map(|_| "ran".to_string()).unwrap_or_else(|e| format!("{:?}", e.kind())));

    // Time and a map.
    let start = Instant::now();
    thread::sleep(Duration::from_millis(20));
    let slept = start.elapsed();
    println!("slept 20..1000 ms: {}", slept >= Duration::from_millis(20) && slept < Duration::from_millis(1000));
    let mut words: HashMap<&str, usize> = HashMap::new();
    for w in "the quick brown fox jumps over the lazy dog the end".split(' ') {
        *words.entry(w).or_insert(0) += 1;
    }
    let mut top: Vec<_> = words.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("words: {:?}", &top[..3]);
    std::process::exit(if top[0].1 == 3 { 0 } else { 1 });
}
