from generator.start import main

raise SystemExit(main())
